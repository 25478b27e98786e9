using System.Security.Cryptography;
using Grid.Client;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.Data.Synthetic;
using Xunit;

namespace Grid.Tests.Data;

/// <summary>The synthetic GTZAN, DCASE 2013 and FSD50K sets, read back by their layouts' readers.</summary>
[Trait("Category", "Slow")]
public sealed class SyntheticLayoutTests
{
    private static DatasetCheckResult Check(string layout, string root, DatasetReadOptions? options = null) =>
        DatasetCheck.Run(layout, root, options ?? new DatasetReadOptions());

    [Fact]
    public void GtzanHasTenGenresOfThirtySecondAuExcerpts()
    {
        using var folder = new TempFolder();
        Assert.Equal(10, SyntheticDataset.Write("gtzan", folder.Root, clipsPerClass: 1, seed: 3));
        Assert.True(AuReader.HasMagic(File.ReadAllBytes(folder.PathOf("genres", "jazz", "jazz.00000.au"))));
        var check = Check("gtzan", folder.Root);
        var index = check.Index!;
        Assert.Equal(SyntheticGtzan.Genres, index.ClassNames);
        Assert.Equal(["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"], index.ClassNames);
        Assert.All(index.CountPerClass(), count => Assert.Equal(1, count));
        Assert.Equal([10, 0, 0], index.CountPerFold());
        Assert.Empty(check.DecodeFailures);
        Assert.Equal(new Dictionary<string, int> { ["16000 Hz, 1 ch"] = 10 }, check.ClipsPerFormat);
        Assert.Equal((30.0, 30.0), (check.Durations!.Min, check.Durations.Max));
    }

    [Fact]
    public void GtzanGenresFillTheSplitsAndABandEnergyProbeTellsThemApart()
    {
        using var folder = new TempFolder();
        Assert.Equal(60, SyntheticGtzan.Write(folder.Root, clipsPerClass: 6, seed: 3, clipSeconds: 4));
        Assert.True(File.Exists(folder.PathOf("genres", "reggae", "reggae.00005.au")));
        var check = Check("gtzan", folder.Root);
        Assert.True(check.Usable, string.Join("\n", check.Problems.Select(p => p.ToString()).Concat(check.EmptyFolds)));
        Assert.Equal([40, 10, 10], check.Index!.CountPerFold());
        Assert.All(check.Index.CountPerClass(), count => Assert.Equal(6, count));
        Assert.Equal((4.0, 4.0), (check.Durations!.Min, check.Durations.Max));

        var accuracy = BandEnergyProbe.CrossValidatedAccuracy(check.Index);
        Assert.True(accuracy > 0.3, $"probe accuracy {accuracy:P1} is near chance (10%)");
    }

    [Fact]
    public void Dcase2013HasDevelopmentAndAnonymousTestRecordingsOfTenScenes()
    {
        using var folder = new TempFolder();
        Assert.Equal(40, SyntheticDcase2013.Write(folder.Root, clipsPerClass: 4, seed: 3, clipSeconds: 4));
        Assert.True(File.Exists(folder.PathOf("scenes_stereo", "tubestation02.wav")));
        Assert.False(File.Exists(folder.PathOf("scenes_stereo", "tubestation03.wav")));
        Assert.Equal("filename,original", File.ReadLines(folder.PathOf("dcase2013_task1_filenamekey.csv")).First());

        var check = Check("dcase2013", folder.Root);
        Assert.True(check.Usable, string.Join("\n", check.Problems.Select(p => p.ToString()).Concat(check.EmptyFolds)));
        var index = check.Index!;
        Assert.Equal(SyntheticDcase2013.Scenes, index.ClassNames);
        Assert.Equal(10, index.ClassNames.Count);
        Assert.Equal([20, 20], index.CountPerFold());
        Assert.All(index.Folds, fold => Assert.All(
            index.InFold(fold).GroupBy(c => c.Label), scene => Assert.Equal(2, scene.Count())));
        Assert.All(index.InFold(2), clip => Assert.Matches(@"^test/scene\d{3}$", clip.Id));
        Assert.NotEqual(index.InFold(2).Select(c => c.Label), index.InFold(2).Select(c => c.Label).Order());
        Assert.Equal(new Dictionary<string, int> { ["16000 Hz, 2 ch"] = 40 }, check.ClipsPerFormat);

        var fiveFold = DatasetLayouts.Read("dcase2013", folder.Root, new DatasetReadOptions { DcaseSplit = Dcase2013Split.FiveFold });
        var accuracy = BandEnergyProbe.CrossValidatedAccuracy(fiveFold);
        Assert.True(accuracy > 0.2, $"probe accuracy {accuracy:P1} is near chance (10%)");
    }

    [Fact]
    public void Dcase2013WithOneRecordingPerSceneHasThirtySecondStereoScenesAndNoTestSet()
    {
        using var folder = new TempFolder();
        Assert.Equal(10, SyntheticDataset.Write("dcase2013", folder.Root, clipsPerClass: 1, seed: 3));
        Assert.False(File.Exists(folder.PathOf("dcase2013_task1_filenamekey.csv")));
        var check = Check("dcase2013", folder.Root, new DatasetReadOptions { DcaseSplit = Dcase2013Split.FiveFold });
        Assert.True(check.Usable, string.Join("\n", check.Problems.Select(p => p.ToString()).Concat(check.EmptyFolds)));
        Assert.Equal([2, 2, 2, 2, 2], check.Index!.CountPerFold());
        Assert.Equal(new Dictionary<string, int> { ["16000 Hz, 2 ch"] = 10 }, check.ClipsPerFormat);
        Assert.Equal((30.0, 30.0), (check.Durations!.Min, check.Durations.Max));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDataset.Write("dcase2013", folder.PathOf("big"), clipsPerClass: 100));
        var output = new StringWriter();
        Assert.Equal(2, DataCommands.Synth("dcase2013", folder.PathOf("big"), 100, 0, output));
        Assert.Contains("1..99", output.ToString());
    }

    [Fact]
    public void Fsd50kHasDevTrainValAndEvalClipsOfVariableLengthWithParentLabels()
    {
        using var folder = new TempFolder();
        Assert.Equal(30, SyntheticDataset.Write("fsd50k", folder.Root, clipsPerClass: 3, seed: 3));
        var check = Check("fsd50k", folder.Root);
        Assert.True(check.Usable, string.Join("\n", check.Problems.Select(p => p.ToString()).Concat(check.EmptyFolds)));
        var index = check.Index!;
        Assert.Equal(SyntheticFsd50k.Vocabulary.Select(v => v.Label), index.ClassNames);
        // Class c's clips take positions c, c+1, c+2 of the cycle 7 train, 1 val, 2 eval.
        Assert.Equal([21, 3, 6], index.CountPerFold());
        Assert.All(index.CountPerClass().Take(SoundModels.Count), count => Assert.Equal(3, count));
        var bark = index.Clips.Where(c => c.ClassName == "Bark").ToArray();
        Assert.All(bark, clip => Assert.Equal(new[] { index.ClassNames.ToList().IndexOf("Dog") }, clip.ExtraLabels!));
        Assert.All(index.Clips.Where(c => c.ClassName == "Siren"), clip => Assert.Null(clip.ExtraLabels));
        Assert.Equal(new Dictionary<string, int> { ["44100 Hz, 1 ch"] = 30 }, check.ClipsPerFormat);
        Assert.InRange(check.Durations!.Min, SyntheticFsd50k.MinSeconds, SyntheticFsd50k.MaxSeconds);
        Assert.InRange(check.Durations.Max, SyntheticFsd50k.MinSeconds, SyntheticFsd50k.MaxSeconds);
        Assert.True(check.Durations.Max - check.Durations.Min > 1, "clip lengths vary");
    }

    [Fact]
    public void SynthCommandWritesEveryLayoutAndTheSameSeedWritesTheSameBytes()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(DataCommands.Create());
        foreach (var (folder, seed) in new[] { (a, "4"), (b, "4") })
            Assert.Equal(0, root.Parse(["data", "synth", "--layout", "fsd50k", "--out", folder.Root, "--clips-per-class", "1", "--seed", seed]).Invoke());
        Assert.Equal(Fingerprint(a.Root), Fingerprint(b.Root));
        SyntheticDataset.Write("fsd50k", b.Root, clipsPerClass: 1, seed: 5);
        Assert.NotEqual(Fingerprint(a.Root), Fingerprint(b.Root));
        Assert.Equal(["us8k", "esc50", "gtzan", "dcase2013", "fsd50k"], SyntheticDataset.Layouts);
    }

    private static string[] Fingerprint(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(root, f) + ":" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).ToArray();
}
