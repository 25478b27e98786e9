using System.Text.RegularExpressions;
using Grid.Learning.Runtime;

namespace Grid.Learning.Data;

/// <summary>
/// GTZAN genres: <c>genres/&lt;genre&gt;/&lt;genre&gt;.000NN.{wav,au}</c> (or <c>genres_original/</c>).
/// There are no official folds: a seeded, genre-stratified 70/15/15 split gives fold 1 = train,
/// fold 2 = valid, fold 3 = test. Known-bad files of the real dataset are reported and skipped.
/// </summary>
public sealed partial class GtzanLayout : IDatasetLayout
{
    public static IReadOnlyList<string> FoldNames { get; } = ["train", "valid", "test"];

    /// <summary>Train/valid/test fractions of each genre.</summary>
    public static IReadOnlyList<double> SplitFractions { get; } = [0.70, 0.15, 0.15];

    /// <summary>Files of the published dataset that do not decode (stem → reason).</summary>
    public static IReadOnlyDictionary<string, string> KnownBad { get; } = new Dictionary<string, string>
    {
        ["jazz.00054"] = "known corrupt file in the published GTZAN (does not decode); skipped",
    };

    public string Name => "gtzan";

    public int? FoldCount => FoldNames.Count;

    public bool Labelled => true;

    /// <summary>Folds 1, 2, 3 of <see cref="FoldNames"/>: train, valid, test.</summary>
    public FixedSplit FixedSplit { get; } = new(Training: 1, Validation: 2, Test: 3);

    FixedSplit? IDatasetLayout.FixedSplit => FixedSplit;

    /// <summary>4 s windows of the 30 s excerpts (a choice of this grid, not of the dataset).</summary>
    public double DefaultClipSeconds => 4.0;

    [GeneratedRegex(@"^(?<genre>[a-z]+)\.(?<number>\d{5})\.(?<ext>wav|au)$", RegexOptions.IgnoreCase)]
    private static partial Regex ClipName();

    public DatasetIndex Read(string root, DatasetReadOptions options)
    {
        var genresFolder = new[] { "genres", "genres_original" }.Select(f => Path.Combine(root, f)).FirstOrDefault(Directory.Exists)
            ?? throw new DatasetFormatException(Path.Combine(root, "genres"), null, "folder not found (nor genres_original/)");
        var classNames = Directory.GetDirectories(genresFolder).Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal).ToArray();
        if (classNames.Length == 0) throw new DatasetFormatException(genresFolder, null, "no genre folders");

        var problems = new List<DatasetProblem>();
        var found = new List<(string Path, int Label)>();
        for (var label = 0; label < classNames.Length; label++)
        {
            var genre = classNames[label];
            foreach (var file in Directory.GetFiles(Path.Combine(genresFolder, genre)).Order(StringComparer.Ordinal))
            {
                var fileName = Path.GetFileName(file);
                var ext = Path.GetExtension(fileName).ToLowerInvariant();
                if (ext != ".wav" && ext != ".au") continue;
                var match = ClipName().Match(fileName);
                var reason = !match.Success ? $"name does not follow {genre}.000NN{ext}"
                    : match.Groups["genre"].Value != genre ? $"genre '{match.Groups["genre"].Value}' in the name differs from its folder '{genre}'"
                    : null;
                if (reason is not null)
                {
                    if (!options.SkipBad) throw new DatasetFormatException(file, null, reason);
                    problems.Add(new DatasetProblem(file, null, reason + "; skipped"));
                    continue;
                }
                if (KnownBad.TryGetValue(Path.GetFileNameWithoutExtension(fileName), out var known))
                {
                    problems.Add(new DatasetProblem(file, null, known));
                    continue;
                }
                found.Add((file, label));
            }
        }
        var clipsFound = found.Select(f => new Clip(Path.GetFileNameWithoutExtension(f.Path), f.Path, f.Label, classNames[f.Label], 0)).ToArray();
        LayoutChecks.RequireClips(root, clipsFound);

        var splits = StratifiedSplit.ByFractions(found.Select(f => f.Label).ToArray(), SplitFractions, Seeds.Random(options.Seed, "gtzan", "split"));
        var clips = clipsFound.Select((clip, i) => clip with { Fold = splits[i] }).ToArray();
        return new DatasetIndex(Name, root, classNames, clips, problems, FoldNames);
    }
}
