namespace Grid.Learning.Data;

/// <summary>
/// ESC-50: <c>meta/esc50.csv</c> (<c>filename,fold,target,category,esc10,src_file,take</c>) and <c>audio/</c>.
/// Five predefined folds. Targets must run 0..K-1 (K = 50 for the real set), each with one category name.
/// With <see cref="DatasetReadOptions.Esc10"/> only the ESC-10 rows are kept, relabelled 0..9 in target order.
/// </summary>
public sealed class Esc50Layout : IDatasetLayout
{
    public const int FoldCount = 5;

    public string Name => "esc50";

    int? IDatasetLayout.FoldCount => FoldCount;

    public bool Labelled => true;

    public FixedSplit? FixedSplit => null;

    /// <summary>5 s: the length of every ESC-50 clip.</summary>
    public double DefaultClipSeconds => 5.0;

    private sealed record Row(int Line, string FileName, int Fold, int Target, string Category, bool Esc10, string Source);

    public DatasetIndex Read(string root, DatasetReadOptions options)
    {
        var csvPath = Path.Combine(root, "meta", "esc50.csv");
        var table = CsvTable.ReadWithHeader(csvPath, "filename", "fold", "target", "category", "esc10", "src_file", "take");
        var audioFolder = Path.Combine(root, "audio");
        LayoutChecks.RequireDirectory(audioFolder);

        var rows = table.Rows.Select(r => ParseRow(table, r)).ToArray();
        var categories = CategoriesByTarget(csvPath, rows);
        if (options.Esc10) rows = rows.Where(r => r.Esc10).ToArray();
        var targets = rows.Select(r => r.Target).Distinct().Order().ToArray();
        var labelOf = targets.Select((target, label) => (target, label)).ToDictionary(p => p.target, p => p.label);
        var classNames = targets.Select(t => categories[t]).ToArray();

        var files = new ListedFiles(options.SkipBad);
        var clips = new List<Clip>();
        foreach (var row in rows)
        {
            var audioPath = LayoutChecks.ListedPath(root, audioFolder, row.FileName, csvPath, row.Line);
            if (!files.Exists(audioPath, csvPath, row.Line)) continue;
            clips.Add(new Clip(Path.GetFileNameWithoutExtension(row.FileName), audioPath,
                labelOf[row.Target], row.Category, row.Fold, row.Source));
        }
        LayoutChecks.RequireClips(root, clips);
        var foldNames = Enumerable.Range(1, FoldCount).Select(f => $"fold{f}").ToArray();
        return new DatasetIndex(options.Esc10 ? "esc10" : Name, root, classNames, clips, files.Problems, foldNames);
    }

    private static Row ParseRow(CsvTable table, CsvRow row)
    {
        var fold = table.Int(row, table.Column("fold"));
        if (fold is < 1 or > FoldCount)
            throw new DatasetFormatException(table.Path, row.Line, $"fold {fold} is outside 1..{FoldCount}");
        var target = table.Int(row, table.Column("target"));
        if (target < 0) throw new DatasetFormatException(table.Path, row.Line, $"target {target} is negative");
        var esc10Text = row.Fields[table.Column("esc10")].Trim();
        var esc10 = esc10Text.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw new DatasetFormatException(table.Path, row.Line, $"column 'esc10': '{esc10Text}' is not True or False"),
        };
        var fileName = row.Fields[table.Column("filename")].Trim();
        var category = row.Fields[table.Column("category")].Trim();
        if (fileName.Length == 0 || category.Length == 0)
            throw new DatasetFormatException(table.Path, row.Line, "empty filename or category");
        return new Row(row.Line, fileName, fold, target, category, esc10, row.Fields[table.Column("src_file")].Trim());
    }

    /// <summary>Category name per target; a target named twice differently, or a gap in 0..K-1, is an error.</summary>
    private static Dictionary<int, string> CategoriesByTarget(string csvPath, IReadOnlyList<Row> rows)
    {
        var categories = new Dictionary<int, string>();
        foreach (var row in rows)
        {
            if (!categories.TryGetValue(row.Target, out var known)) categories[row.Target] = row.Category;
            else if (known != row.Category)
                throw new DatasetFormatException(csvPath, row.Line,
                    $"unknown class: target {row.Target} is '{known}' elsewhere but '{row.Category}' here");
        }
        for (var target = 0; target < categories.Count; target++)
            if (!categories.ContainsKey(target))
                throw new DatasetFormatException(csvPath, null, $"targets must run 0..{categories.Count - 1}; target {target} has no clip");
        return categories;
    }
}
