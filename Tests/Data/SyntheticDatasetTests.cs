using System.Security.Cryptography;
using Grid.Client;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.Data.Synthetic;
using Xunit;

namespace Grid.Tests.Data;

[Trait("Category", "Slow")]
public sealed class SyntheticDatasetTests
{
    private static DatasetCheckResult Check(string layout, string root, bool skipBad = false) =>
        DatasetCheck.Run(layout, root, new DatasetReadOptions { SkipBad = skipBad });

    [Fact]
    public void Us8kHasTheRealLayoutAndItsAwkwardness()
    {
        using var folder = new TempFolder();
        Assert.Equal(40, SyntheticDataset.Write("us8k", folder.Root, clipsPerClass: 4, seed: 5));
        Assert.Equal("slice_file_name,fsID,start,end,salience,fold,classID,class",
            File.ReadLines(folder.PathOf("metadata", "UrbanSound8K.csv")).First());
        var check = Check("us8k", folder.Root);
        Assert.True(check.Usable, string.Join("\n", check.Problems));
        var index = check.Index!;
        Assert.All(index.CountPerClass(), count => Assert.Equal(4, count));
        Assert.All(index.Clips.GroupBy(c => c.SourceId), source => Assert.Single(source.Select(c => c.Fold).Distinct()));
        Assert.Contains(index.Clips.GroupBy(c => c.SourceId), source => source.Count() > 1);

        var clips = index.Clips.Select(c => AudioDecoder.Read(c.Path, keepChannels: true)).ToArray();
        Assert.True(clips.Select(c => c.SampleRate).Distinct().Count() >= 4);
        Assert.Equal([1, 2], clips.Select(c => c.ChannelCount).Distinct().Order());
        Assert.All(clips, c => Assert.InRange(c.DurationSeconds, 0.5, 4.0 + 1e-9));
        Assert.Contains(clips, c => c.DurationSeconds < 3.9);
        var bitDepths = index.Clips.Select(c => File.ReadAllBytes(c.Path)[34]).Distinct().Order();
        Assert.Equal(new byte[] { 16, 24, 32 }, bitDepths);
    }

    [Fact]
    public void Esc50HasFiveFoldsOfFiveSecondMonoClips()
    {
        using var folder = new TempFolder();
        SyntheticDataset.Write("esc50", folder.Root, clipsPerClass: 5, seed: 5);
        var check = Check("esc50", folder.Root);
        Assert.True(check.Usable, string.Join("\n", check.Problems));
        Assert.Equal(5, check.Index!.FoldNames.Count);
        Assert.Equal(SyntheticEsc50.Categories.Select(c => c.Category), check.Index.ClassNames);
        Assert.Equal(new Dictionary<string, int> { ["44100 Hz, 1 ch"] = 50 }, check.ClipsPerFormat);
        Assert.Equal((5.0, 5.0), (check.Durations!.Min, check.Durations.Max));
        Assert.All(check.Index.Clips.Take(5), c => Assert.Equal(5.0, AudioDecoder.Read(c.Path).DurationSeconds, 3));
        var esc10 = DatasetLayouts.Read("esc50", folder.Root, new DatasetReadOptions { Esc10 = true });
        Assert.Equal(["dog", "chainsaw", "helicopter"], esc10.ClassNames);
    }

    [Fact]
    public void SameSeedWritesTheSameBytes()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        SyntheticDataset.Write("us8k", a.Root, 2, seed: 9);
        SyntheticDataset.Write("us8k", b.Root, 2, seed: 9);
        SyntheticDataset.Write("us8k", c.Root, 2, seed: 10);
        Assert.Equal(Fingerprint(a.Root), Fingerprint(b.Root));
        Assert.NotEqual(Fingerprint(a.Root), Fingerprint(c.Root));
    }

    private static string[] Fingerprint(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(root, f) + ":" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).ToArray();

    [Fact]
    public void ProbeIsWellAboveChanceButFarFromPerfect()
    {
        using var folder = new TempFolder();
        SyntheticDataset.Write("us8k", folder.Root, clipsPerClass: 10, seed: 1);
        var accuracy = BandEnergyProbe.CrossValidatedAccuracy(DatasetLayouts.Read("us8k", folder.Root));
        Assert.InRange(accuracy, 0.18, 0.8);
    }

    [Fact]
    public void CheckCommandPassesSyntheticDataAndRejectsBrokenData()
    {
        using var folder = new TempFolder();
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(DataCommands.Create());
        Assert.Equal(0, root.Parse(["data", "synth", "--layout", "us8k", "--out", folder.Root, "--clips-per-class", "2", "--seed", "3"]).Invoke());
        Assert.Equal(0, root.Parse(["data", "check", folder.Root, "--layout", "us8k"]).Invoke());

        var csv = folder.PathOf("metadata", "UrbanSound8K.csv");
        var lines = File.ReadAllLines(csv);
        lines[3] = lines[3].Replace(",1,", ",x1,");
        File.WriteAllLines(csv, lines);
        var output = new StringWriter();
        Assert.Equal(1, DataCommands.Check(folder.Root, "us8k", new DatasetReadOptions(), output));
        Assert.Contains($"{csv}:4:", output.ToString());
        Assert.Contains("not usable", output.ToString());
    }

    [Fact]
    public void SynthIntoAFileFailsWithAMessage()
    {
        using var folder = new TempFolder();
        var file = folder.WriteText("taken", "a file, not a folder");
        var output = new StringWriter();
        Assert.Equal(1, DataCommands.Synth("us8k", file, 1, 0, output));
        Assert.Contains($"cannot write {file}", output.ToString());
        Assert.Equal(2, DataCommands.Synth("csv", folder.PathOf("x"), 1, 0, output));
    }

    [Fact]
    public void CorruptOrMissingAudioFailsUnlessSkipped()
    {
        using var folder = new TempFolder();
        SyntheticDataset.Write("us8k", folder.Root, clipsPerClass: 4, seed: 4);
        var index = DatasetLayouts.Read("us8k", folder.Root);
        var corrupt = index.Clips[0].Path;
        File.WriteAllBytes(corrupt, "RIFF\x10\0\0\0WAVEjunk"u8.ToArray());
        var missing = index.Clips[1].Path;
        File.Delete(missing);

        var output = new StringWriter();
        Assert.Equal(1, DataCommands.Check(folder.Root, "us8k", new DatasetReadOptions(), output));
        Assert.Contains(missing, output.ToString());
        Assert.Contains("UrbanSound8K.csv:", output.ToString());

        output = new StringWriter();
        Assert.True(DataCommands.Check(folder.Root, "us8k", new DatasetReadOptions { SkipBad = true }, output) == 0, output.ToString());
        Assert.Contains(corrupt, output.ToString());
        Assert.Contains(missing, output.ToString());
        Assert.Contains("problems: 2 (skipped)", output.ToString());
        Assert.Contains($"{index.Clips.Count - 2} clips", output.ToString());
    }

    [Fact]
    public void CorruptAudioAloneFailsCheckNamingTheFile()
    {
        using var folder = new TempFolder();
        SyntheticDataset.Write("esc50", folder.Root, clipsPerClass: 1, seed: 4);
        var corrupt = DatasetLayouts.Read("esc50", folder.Root).Clips[3].Path;
        File.WriteAllBytes(corrupt, [0, 1, 2, 3, 4, 5, 6, 7]);
        var check = Check("esc50", folder.Root);
        Assert.False(check.Usable);
        Assert.Equal(corrupt, Assert.Single(check.DecodeFailures).Path);
    }
}
