namespace Grid.Tests.Reports;

/// <summary>Reads the tables of a Markdown report back, for checking its numbers.</summary>
internal static class MarkdownTables
{
    /// <summary>The <paramref name="index"/>-th table after the heading line <paramref name="heading"/>: header, then rows.</summary>
    public static (string[] Header, List<string[]> Rows) After(string markdown, string heading, int index = 0)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var at = lines.IndexOf(heading);
        if (at < 0)
            throw new InvalidOperationException($"no heading '{heading}' in the report");
        var tables = new List<List<string>>();
        // The section ends at the next heading of level 1 or 2.
        for (var i = at + 1; i < lines.Count && !lines[i].StartsWith("# ") && !lines[i].StartsWith("## "); i++)
        {
            if (!lines[i].StartsWith('|'))
                continue;
            if (!lines[i - 1].StartsWith('|'))
                tables.Add([]);
            tables[^1].Add(lines[i]);
        }
        var table = tables[index];
        return (Cells(table[0]), table.Skip(2).Select(Cells).ToList());
    }

    private static string[] Cells(string line) =>
        line.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();
}
