using System.Globalization;

namespace Grid.Learning.Data;

/// <summary>
/// One's own labelled audio: <c>labels.csv</c> in the root with a header naming at least the columns
/// <c>file,fold,label</c> (further columns are ignored), and the audio files. <c>file</c> is relative to the root
/// (<c>/</c> or <c>\</c> between folders) and must stay inside it; <c>fold</c> is an integer from 1 to
/// <see cref="MaxFold"/>; <c>label</c> a non-empty class name. Class names are the distinct labels sorted ordinally
/// (label index = position), so the order of the rows does not change the labels. Folds are fold1..foldK for the
/// largest number K named; a number not named is absent from <see cref="DatasetIndex.FoldsPresent"/>. A file listed
/// twice is an error.
/// </summary>
public sealed class CsvLayout : IDatasetLayout
{
    public const string LabelsFile = "labels.csv";

    /// <summary>The largest fold number: every number up to the largest named gets a fold name and a count.</summary>
    public const int MaxFold = 1_000;

    public string Name => "csv";

    /// <summary>Null: only labels.csv says how many folds there are.</summary>
    public int? FoldCount => null;

    public bool Labelled => true;

    public FixedSplit? FixedSplit => null;

    /// <summary>4 s, as for UrbanSound8K; set <c>features.clipSeconds</c> to suit the clips.</summary>
    public double DefaultClipSeconds => 4.0;

    private sealed record Row(int Line, string File, string Path, int Fold, string Label);

    public DatasetIndex Read(string root, DatasetReadOptions options)
    {
        var csvPath = Path.Combine(root, LabelsFile);
        var table = CsvTable.ReadWithHeader(csvPath, "file", "fold", "label");
        var rows = ParseRows(root, table);
        if (rows.Count == 0) throw new DatasetFormatException(csvPath, null, "no rows after the header");

        var classNames = rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        var labelOf = classNames.Select((name, label) => (name, label)).ToDictionary(p => p.name, p => p.label, StringComparer.Ordinal);
        var files = new ListedFiles(options.SkipBad);
        var clips = new List<Clip>();
        foreach (var row in rows)
        {
            if (!files.Exists(row.Path, csvPath, row.Line)) continue;
            clips.Add(new Clip(row.File, row.Path, labelOf[row.Label], row.Label, row.Fold));
        }
        LayoutChecks.RequireClips(root, clips);

        var folds = rows.Select(r => r.Fold).Distinct().Order().ToArray();
        var foldNames = Enumerable.Range(1, folds[^1]).Select(f => $"fold{f}").ToArray();
        return new DatasetIndex(Name, root, classNames, clips, files.Problems, foldNames)
        {
            FoldsPresent = folds.Length < foldNames.Length ? folds : null,
        };
    }

    private static List<Row> ParseRows(string root, CsvTable table)
    {
        int fileColumn = table.Column("file"), foldColumn = table.Column("fold"), labelColumn = table.Column("label");
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<Row>();
        foreach (var row in table.Rows)
        {
            var file = row.Fields[fileColumn].Trim().Replace('\\', '/');
            if (file.Length == 0) throw new DatasetFormatException(table.Path, row.Line, "column 'file' is empty");
            var path = LayoutChecks.ListedPath(root, root, file.Replace('/', Path.DirectorySeparatorChar), table.Path, row.Line);
            var fold = table.Int(row, foldColumn);
            if (fold < 1)
                throw new DatasetFormatException(table.Path, row.Line, $"column 'fold': {fold.ToString(CultureInfo.InvariantCulture)} is not a positive integer");
            if (fold > MaxFold)
                throw new DatasetFormatException(table.Path, row.Line, $"column 'fold': {fold.ToString(CultureInfo.InvariantCulture)} is above the largest fold, {MaxFold.ToString(CultureInfo.InvariantCulture)}");
            var label = row.Fields[labelColumn].Trim();
            if (label.Length == 0) throw new DatasetFormatException(table.Path, row.Line, "column 'label' is empty");
            if (!firstLineOf.TryAdd(file, row.Line))
                throw new DatasetFormatException(table.Path, row.Line, $"'{file}' is listed twice (first at line {firstLineOf[file]})");
            rows.Add(new Row(row.Line, file, path, fold, label));
        }
        return rows;
    }
}
