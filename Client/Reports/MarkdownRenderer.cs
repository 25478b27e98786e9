using System.Text;

namespace Grid.Client.Reports;

/// <summary>Renders a <see cref="ReportDocument"/> as GitHub-flavoured Markdown; figures link to figures/NAME.png.</summary>
public static class MarkdownRenderer
{
    public const string FigureFolder = "figures";

    public static string Render(ReportDocument document)
    {
        var text = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    text.Append('#', heading.Level).Append(' ').AppendLine(heading.Text);
                    break;
                case ReportParagraph paragraph:
                    text.AppendLine(paragraph.Text);
                    break;
                case ReportTable table:
                    AppendTable(text, table);
                    break;
                case ReportFigure figure:
                    text.AppendLine($"![{figure.Caption}]({FigureFolder}/{figure.FileName})");
                    text.AppendLine().AppendLine($"*{figure.Caption}*");
                    break;
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    private static void AppendTable(StringBuilder text, ReportTable table)
    {
        text.AppendLine(Row(table.Header));
        text.AppendLine(Row(table.Header.Select(_ => "---").ToArray()));
        foreach (var row in table.Rows)
            text.AppendLine(Row(row));
    }

    private static string Row(IReadOnlyList<string> cells) =>
        "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|"))) + " |";
}
