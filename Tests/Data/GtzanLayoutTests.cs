using Xunit;
using Grid.Learning.Data;

namespace Grid.Tests.Data;

[Trait("Category", "Unit")]
public sealed class GtzanLayoutTests
{
    /// <summary>Three genres of 20 files each (jazz.00054 among them), the given folder name.</summary>
    private static void Lay(TempFolder folder, string genresFolder = "genres")
    {
        foreach (var genre in new[] { "blues", "jazz", "rock" })
            for (var n = 40; n < 60; n++)
                folder.WriteWav($"{genresFolder}/{genre}/{genre}.{n:00000}.{(genre == "rock" ? "au" : "wav")}", frames: 16);
        folder.WriteText($"{genresFolder}/blues/blues.mf", "not audio");
    }

    [Fact]
    public void SplitsEachGenre70_15_15AndSkipsTheKnownBadFile()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var index = DatasetLayouts.Read("gtzan", folder.Root, new DatasetReadOptions { Seed = 7 });
        Assert.Equal(["blues", "jazz", "rock"], index.ClassNames);
        Assert.Equal(["train", "valid", "test"], index.FoldNames);
        Assert.Equal(59, index.Clips.Count);
        Assert.DoesNotContain(index.Clips, c => c.Id == "jazz.00054");
        Assert.Contains("jazz.00054", Assert.Single(index.Problems).Path);
        foreach (var genre in new[] { 0, 2 })
            Assert.Equal([14, 3, 3], index.Folds.Select(f => index.InFold(f).Count(c => c.Label == genre)));
        Assert.Equal([13, 3, 3], index.Folds.Select(f => index.InFold(f).Count(c => c.Label == 1)));
    }

    [Fact]
    public void SplitIsDeterministicPerSeed()
    {
        using var folder = new TempFolder();
        Lay(folder, "genres_original");
        string[] Test(long seed) => DatasetLayouts.Read("gtzan", folder.Root, new DatasetReadOptions { Seed = seed })
            .InFold(3).Select(c => c.Id).ToArray();
        Assert.Equal(Test(1), Test(1));
        Assert.NotEqual(Test(1), Test(2));
    }

    [Fact]
    public void MisnamedFileFailsOrIsSkippedOnRequest()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var stray = folder.WriteWav("genres/blues/rock.00001.wav", frames: 16);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("gtzan", folder.Root));
        Assert.Equal(stray, error.FilePath);
        var index = DatasetLayouts.Read("gtzan", folder.Root, new DatasetReadOptions { SkipBad = true });
        Assert.Equal(2, index.Problems.Count);
    }

    [Fact]
    public void MissingGenresFolderIsNamed()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("gtzan", folder.Root));
        Assert.Equal(folder.PathOf("genres"), error.FilePath);
    }
}
