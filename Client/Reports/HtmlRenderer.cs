using System.Net;
using System.Text;

namespace Grid.Client.Reports;

/// <summary>Renders a <see cref="ReportDocument"/> as one self-contained HTML page, figures embedded as base64 PNG.</summary>
public static class HtmlRenderer
{
    private const string Style =
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}" +
        "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left}" +
        "th{background:#eee}figure{margin:1em 0}img{max-width:100%}figcaption{font-style:italic;color:#555}";

    public static string Render(ReportDocument document, string title)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>{Encode(title)}</title><style>{Style}</style></head><body>");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    html.AppendLine($"<h{heading.Level}>{Encode(heading.Text)}</h{heading.Level}>");
                    break;
                case ReportParagraph paragraph:
                    html.AppendLine($"<p>{Encode(paragraph.Text)}</p>");
                    break;
                case ReportTable table:
                    AppendTable(html, table);
                    break;
                case ReportFigure figure:
                    html.AppendLine($"<figure><img alt=\"{Encode(figure.Caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(figure.Png)}\">");
                    html.AppendLine($"<figcaption>{Encode(figure.Caption)}</figcaption></figure>");
                    break;
            }
        }
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, ReportTable table)
    {
        html.AppendLine("<table><thead><tr>" + string.Concat(table.Header.Select(h => $"<th>{Encode(h)}</th>")) + "</tr></thead><tbody>");
        foreach (var row in table.Rows)
            html.AppendLine("<tr>" + string.Concat(row.Select(c => $"<td>{Encode(c)}</td>")) + "</tr>");
        html.AppendLine("</tbody></table>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
