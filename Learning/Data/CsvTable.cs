using System.Text;

namespace Grid.Learning.Data;

/// <summary>One data row of a CSV file with its 1-based line number in the file.</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// An RFC 4180 CSV file: comma-separated fields, fields optionally in double quotes, quotes doubled
/// inside quoted fields, commas and line breaks allowed inside quotes. Errors name the file and line.
/// </summary>
public sealed class CsvTable
{
    public string Path { get; }
    /// <summary>The header's field names, or empty when read without a header.</summary>
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<CsvRow> Rows { get; }

    private CsvTable(string path, IReadOnlyList<string> header, IReadOnlyList<CsvRow> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
    }

    /// <summary>Reads a CSV file whose first line is a header that must contain <paramref name="requiredColumns"/>.</summary>
    public static CsvTable ReadWithHeader(string path, params string[] requiredColumns)
    {
        var records = ReadRecords(path);
        if (records.Count == 0) throw new DatasetFormatException(path, 1, "the file is empty; expected a header line");
        var header = records[0].Fields.Select(f => f.Trim()).ToArray();
        var missing = requiredColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
            throw new DatasetFormatException(path, 1,
                $"missing column(s) {string.Join(", ", missing)}; header is '{string.Join(",", header)}'");
        var rows = records.Skip(1).ToArray();
        foreach (var row in rows) RequireFieldCount(path, row, header.Length);
        return new CsvTable(path, header, rows);
    }

    /// <summary>Reads a CSV file without a header; every row must have <paramref name="fieldCount"/> fields.</summary>
    public static CsvTable ReadWithoutHeader(string path, int fieldCount)
    {
        var rows = ReadRecords(path);
        foreach (var row in rows) RequireFieldCount(path, row, fieldCount);
        return new CsvTable(path, [], rows);
    }

    /// <summary>The index of a header column (the column is known to exist).</summary>
    public int Column(string name) => Header.ToList().IndexOf(name);

    /// <summary>A field parsed as an integer, or a <see cref="DatasetFormatException"/> naming file, line and column.</summary>
    public int Int(CsvRow row, int column)
    {
        var text = row.Fields[column].Trim();
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
            return value;
        throw new DatasetFormatException(Path, row.Line, $"column '{ColumnName(column)}': '{text}' is not an integer");
    }

    /// <summary>A field parsed as a number, or a <see cref="DatasetFormatException"/> naming file, line and column.</summary>
    public double Number(CsvRow row, int column)
    {
        var text = row.Fields[column].Trim();
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
            return value;
        throw new DatasetFormatException(Path, row.Line, $"column '{ColumnName(column)}': '{text}' is not a number");
    }

    private string ColumnName(int column) => column < Header.Count ? Header[column] : $"#{column + 1}";

    private static void RequireFieldCount(string path, CsvRow row, int expected)
    {
        if (row.Fields.Count != expected)
            throw new DatasetFormatException(path, row.Line, $"expected {expected} fields, found {row.Fields.Count}");
    }

    /// <summary>All non-blank records of the file, each with the line it starts on.</summary>
    public static IReadOnlyList<CsvRow> ReadRecords(string path)
    {
        if (!File.Exists(path)) throw new DatasetFormatException(path, null, "file not found");
        var text = File.ReadAllText(path);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return Parse(path, text);
    }

    private static List<CsvRow> Parse(string path, string text)
    {
        var rows = new List<CsvRow>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldWasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    inQuotes = true;
                    fieldWasQuoted = true;
                    break;
                case '"':
                    throw new DatasetFormatException(path, line, "a quote inside an unquoted field");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (fieldWasQuoted) throw new DatasetFormatException(path, line, "text after a closing quote");
                    field.Append(c);
                    break;
            }
        }
        if (inQuotes) throw new DatasetFormatException(path, recordLine, "a quoted field is not closed");
        EndRecord();
        return rows;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            var blank = fields.Count == 1 && fields[0].Length == 0 && !fieldWasQuoted;
            if (!blank) rows.Add(new CsvRow(recordLine, fields.ToArray()));
            fields.Clear();
            fieldWasQuoted = false;
        }
    }
}
