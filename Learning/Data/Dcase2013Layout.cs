using System.Text.RegularExpressions;
using Grid.Learning.Runtime;

namespace Grid.Learning.Data;

/// <summary>
/// DCASE 2013 acoustic scenes. Development set: <c>scenes_stereo/&lt;class&gt;NN.wav</c> (label = the stem without
/// its two digits). Test set: <c>scenes_stereo_testset/*.wav</c> labelled by <c>dcase2013_task1_filenamekey.csv</c>
/// in the root: two columns, the test file name and its original <c>&lt;class&gt;NN.wav</c> name (or the bare
/// class name); an optional header whose first field is <c>filename</c>.
/// Folds: the challenge's development/test split, or five seeded stratified folds over all recordings.
/// </summary>
public sealed partial class Dcase2013Layout : IDatasetLayout
{
    public const string DevelopmentFolder = "scenes_stereo";
    public const string TestFolder = "scenes_stereo_testset";
    public const string TestKeyFile = "dcase2013_task1_filenamekey.csv";
    public const int FiveFoldCount = 5;

    public string Name => "dcase2013";

    /// <summary>2: the default development/test split (the five-fold split is an option of the reader).</summary>
    public int? FoldCount => 2;

    public bool Labelled => true;

    public FixedSplit? FixedSplit => null;

    /// <summary>4 s windows of the 30 s scenes (a choice of this grid, not of the dataset).</summary>
    public double DefaultClipSeconds => 4.0;

    [GeneratedRegex(@"^(?<class>[a-z_]+?)(?<number>\d{2})(\.wav)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SceneName();

    public DatasetIndex Read(string root, DatasetReadOptions options)
    {
        var developmentFolder = Path.Combine(root, DevelopmentFolder);
        LayoutChecks.RequireDirectory(developmentFolder);
        var problems = new List<DatasetProblem>();
        var development = ReadDevelopment(developmentFolder, options.SkipBad, problems);
        if (development.Count == 0) throw new DatasetFormatException(developmentFolder, null, "no <class>NN.wav recordings");
        var classNames = development.Select(r => r.ClassName).Distinct().Order(StringComparer.Ordinal).ToArray();

        var keyPath = Path.Combine(root, TestKeyFile);
        var hasTest = File.Exists(keyPath);
        if (!hasTest && options.DcaseSplit == Dcase2013Split.DevelopmentTest)
            throw new DatasetFormatException(keyPath, null,
                "file not found; the development/test split needs the test set (or choose the five-fold split)");
        var test = hasTest ? ReadTest(root, keyPath, classNames, new ListedFiles(options.SkipBad), problems) : [];

        var all = development.Select(r => (Recording: r, Fold: 1)).Concat(test.Select(r => (Recording: r, Fold: 2))).ToArray();
        int LabelOf(string className) => Array.IndexOf(classNames, className);
        var clips = all.Select(a => new Clip(a.Recording.Id, a.Recording.Path, LabelOf(a.Recording.ClassName), a.Recording.ClassName, a.Fold)).ToArray();
        if (options.DcaseSplit == Dcase2013Split.DevelopmentTest)
            return new DatasetIndex(Name, root, classNames, clips, problems, ["development", "test"]);

        var folds = StratifiedSplit.KFold(clips.Select(c => c.Label).ToArray(), FiveFoldCount, Seeds.Random(options.Seed, "dcase2013", "folds"));
        var foldNames = Enumerable.Range(1, FiveFoldCount).Select(f => $"fold{f}").ToArray();
        return new DatasetIndex(Name, root, classNames, clips.Select((c, i) => c with { Fold = folds[i] }).ToArray(), problems, foldNames);
    }

    private sealed record Recording(string Id, string Path, string ClassName);

    private static List<Recording> ReadDevelopment(string folder, bool skipBad, List<DatasetProblem> problems)
    {
        var recordings = new List<Recording>();
        foreach (var file in Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal))
        {
            var className = ClassOf(Path.GetFileName(file));
            if (className is null)
            {
                const string reason = "name does not follow <class>NN.wav";
                if (!skipBad) throw new DatasetFormatException(file, null, reason);
                problems.Add(new DatasetProblem(file, null, reason + "; skipped"));
                continue;
            }
            recordings.Add(new Recording("dev/" + Path.GetFileNameWithoutExtension(file), file, className));
        }
        return recordings;
    }

    private static List<Recording> ReadTest(string root, string keyPath, IReadOnlyList<string> classNames, ListedFiles files, List<DatasetProblem> problems)
    {
        var testFolder = Path.Combine(root, TestFolder);
        LayoutChecks.RequireDirectory(testFolder);
        var rows = CsvTable.ReadWithoutHeader(keyPath, 2).Rows;
        if (rows.Count > 0 && rows[0].Fields[0].Trim().Equals("filename", StringComparison.OrdinalIgnoreCase)) rows = rows.Skip(1).ToArray();
        var recordings = new List<Recording>();
        foreach (var row in rows)
        {
            var fileName = row.Fields[0].Trim();
            var original = row.Fields[1].Trim();
            var className = ClassOf(original) ?? (classNames.Contains(original) ? original : null);
            if (className is null || !classNames.Contains(className))
                throw new DatasetFormatException(keyPath, row.Line,
                    $"unknown class in '{original}'; development classes are {string.Join(", ", classNames)}");
            var path = LayoutChecks.ListedPath(root, testFolder, fileName, keyPath, row.Line);
            if (!files.Exists(path, keyPath, row.Line)) continue;
            recordings.Add(new Recording("test/" + Path.GetFileNameWithoutExtension(fileName), path, className));
        }
        problems.AddRange(files.Problems);
        return recordings;
    }

    /// <summary>The class of a <c>&lt;class&gt;NN[.wav]</c> name, or null when the name does not follow it.</summary>
    public static string? ClassOf(string name)
    {
        var match = SceneName().Match(name);
        return match.Success ? match.Groups["class"].Value.ToLowerInvariant() : null;
    }
}
