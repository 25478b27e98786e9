namespace Grid.Client.Reports;

/// <summary>A report as an ordered list of blocks, rendered to Markdown and HTML with the same content.</summary>
public sealed class ReportDocument
{
    private readonly List<ReportBlock> _blocks = [];

    public IReadOnlyList<ReportBlock> Blocks => _blocks;

    public IEnumerable<ReportFigure> Figures => _blocks.OfType<ReportFigure>();

    public void Heading(int level, string text) => _blocks.Add(new ReportHeading(level, text));

    public void Paragraph(string text) => _blocks.Add(new ReportParagraph(text));

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        _blocks.Add(new ReportTable(header, rows.ToList()));

    /// <summary>Adds a figure; <paramref name="fileName"/> is made unique within the report.</summary>
    public void Figure(string fileName, string caption, byte[] png)
    {
        var unique = fileName;
        for (var n = 2; Figures.Any(f => f.FileName == unique); n++)
            unique = $"{Path.GetFileNameWithoutExtension(fileName)}-{n}{Path.GetExtension(fileName)}";
        _blocks.Add(new ReportFigure(unique, caption, png));
    }
}

public abstract record ReportBlock;

public sealed record ReportHeading(int Level, string Text) : ReportBlock;

public sealed record ReportParagraph(string Text) : ReportBlock;

public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

/// <summary>A PNG stored as figures/<see cref="FileName"/> next to report.md and embedded in report.html.</summary>
public sealed record ReportFigure(string FileName, string Caption, byte[] Png) : ReportBlock;
