namespace Grid.Learning.Data;

/// <summary>
/// FSD50K: <c>FSD50K.dev_audio/&lt;fname&gt;.wav</c>, <c>FSD50K.eval_audio/</c>, and in <c>FSD50K.ground_truth/</c>
/// <c>dev.csv</c> (<c>fname,labels,mids,split</c>; labels comma-separated inside quotes; split train|val),
/// <c>eval.csv</c> (<c>fname,labels,mids</c>; optional with its audio folder) and <c>vocabulary.csv</c>
/// (no header: <c>index,label,mid</c>). Folds: 1 = dev train, 2 = dev val, 3 = eval. Multi-label: the first
/// label is <see cref="Clip.Label"/>, the others <see cref="Clip.ExtraLabels"/>. Pretraining ignores labels.
/// </summary>
public sealed class Fsd50kLayout : IDatasetLayout
{
    public static IReadOnlyList<string> FoldNames { get; } = ["train", "val", "eval"];

    public string Name => "fsd50k";

    public int? FoldCount => FoldNames.Count;

    /// <summary>False: its clips are multi-label and serve pretraining only, so fold jobs do not use it.</summary>
    public bool Labelled => false;

    public FixedSplit? FixedSplit => null;

    /// <summary>4 s pretraining crops (clips last 0.3–30 s).</summary>
    public double DefaultClipSeconds => 4.0;

    public DatasetIndex Read(string root, DatasetReadOptions options)
    {
        var truth = Path.Combine(root, "FSD50K.ground_truth");
        LayoutChecks.RequireDirectory(truth);
        var (classNames, labelOf) = ReadVocabulary(Path.Combine(truth, "vocabulary.csv"));
        var files = new ListedFiles(options.SkipBad);
        var clips = new List<Clip>();

        var devAudio = Path.Combine(root, "FSD50K.dev_audio");
        LayoutChecks.RequireDirectory(devAudio);
        var dev = CsvTable.ReadWithHeader(Path.Combine(truth, "dev.csv"), "fname", "labels", "mids", "split");
        foreach (var row in dev.Rows)
        {
            var split = row.Fields[dev.Column("split")].Trim();
            var fold = split switch
            {
                "train" => 1,
                "val" => 2,
                _ => throw new DatasetFormatException(dev.Path, row.Line, $"column 'split': '{split}' is not train or val"),
            };
            AddClip(dev, row, devAudio, fold);
        }

        var evalCsv = Path.Combine(truth, "eval.csv");
        if (File.Exists(evalCsv))
        {
            var evalAudio = Path.Combine(root, "FSD50K.eval_audio");
            LayoutChecks.RequireDirectory(evalAudio);
            var eval = CsvTable.ReadWithHeader(evalCsv, "fname", "labels", "mids");
            foreach (var row in eval.Rows) AddClip(eval, row, evalAudio, 3);
        }
        LayoutChecks.RequireClips(root, clips);
        return new DatasetIndex(Name, root, classNames, clips, files.Problems, FoldNames);

        void AddClip(CsvTable table, CsvRow row, string audioFolder, int fold)
        {
            var fname = row.Fields[table.Column("fname")].Trim();
            if (fname.Length == 0) throw new DatasetFormatException(table.Path, row.Line, "empty fname");
            var labels = row.Fields[table.Column("labels")].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(name => labelOf.TryGetValue(name, out var label) ? label
                    : throw new DatasetFormatException(table.Path, row.Line, $"unknown class '{name}' (not in vocabulary.csv)"))
                .ToArray();
            if (labels.Length == 0) throw new DatasetFormatException(table.Path, row.Line, "no labels");
            var path = LayoutChecks.ListedPath(root, audioFolder, fname + ".wav", table.Path, row.Line);
            if (!files.Exists(path, table.Path, row.Line)) return;
            clips.Add(new Clip(fname, path, labels[0], classNames[labels[0]], fold, null, labels.Length > 1 ? labels[1..] : null));
        }
    }

    private static (string[] ClassNames, Dictionary<string, int> LabelOf) ReadVocabulary(string path)
    {
        var table = CsvTable.ReadWithoutHeader(path, 3);
        var names = new string[table.Rows.Count];
        var labelOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var index = table.Int(row, 0);
            var name = row.Fields[1].Trim();
            if (index < 0 || index >= names.Length || names[index] is not null)
                throw new DatasetFormatException(path, row.Line, $"index {index} is out of 0..{names.Length - 1} or repeated");
            if (!labelOf.TryAdd(name, index)) throw new DatasetFormatException(path, row.Line, $"label '{name}' is repeated");
            names[index] = name;
        }
        if (names.Length == 0) throw new DatasetFormatException(path, null, "no labels");
        return (names, labelOf);
    }
}
