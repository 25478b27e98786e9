using System.Diagnostics;
using System.Text.RegularExpressions;
using Grid.Learning.Data;
using Grid.Learning.Data.Synthetic;
using Grid.Learning.Training;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Data;

/// <summary>Runs alone: it measures the GC heap, which tests running beside it would disturb.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "memory measuring";
}

/// <summary>A store shared by processes, and jobs reading it through <see cref="LoadedClips"/> without holding the corpus.</summary>
[Collection(MemoryMeasuringCollection.Name)]
[Trait("Category", "Slow")]
public sealed class WaveformStoreSharingTests
{
    [Fact]
    public async Task TwoProcessesBuildingTheSameStoreEndWithOneGoodStore()
    {
        using var folder = new TempFolder();
        var dataset = folder.PathOf("us8k");
        var clips = SyntheticDataset.Write("us8k", dataset, clipsPerClass: 3, seed: 5);
        var cache = folder.PathOf("cache");

        var runs = await Task.WhenAll(DataStoreAsync(dataset, cache), DataStoreAsync(dataset, cache));

        foreach (var (code, output, error) in runs) Assert.True(code == 0, $"grid data store exited {code}: {output}{error}");
        var decoded = runs.Select(r => int.Parse(Regex.Match(r.Output, @"(\d+) decoded now").Groups[1].Value)).ToArray();
        Assert.Equal(clips, decoded.Sum());   // the second waited for the first and reused its segment
        var paths = Directory.GetFiles(dataset, "*.wav", SearchOption.AllDirectories);
        using var store = WaveformStore.Open(paths, new WaveformStoreOptions(dataset, 16000) { CacheDirectory = cache }, CancellationToken.None);
        Assert.Equal(0, store.Decoded);
        Assert.Equal(["build.lock", "seg-000001.f32", "seg-000001.idx"],
            Directory.GetFiles(store.Directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        foreach (var path in paths.Take(6)) Assert.Equal(WaveformStoreTests.Direct(path), store.Read(path));
    }

    private static async Task<(int Code, string Output, string Error)> DataStoreAsync(string dataset, string cache)
    {
        var grid = Path.Combine(RepositoryRoot.Path, "Client", "bin", RepositoryRoot.Configuration, "net10.0", "grid.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { grid, "data", "store", dataset, "--layout", "us8k", "--cache", cache, "--sample-rate", "16000", "--data-workers", "2" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public void ReadingEveryClipOfAStoreKeepsNoneOfThemInMemory()
    {
        using var folder = new TempFolder();
        const int count = 240, frames = 32000;   // 2 s at 16 kHz: 30 MB of float samples in all
        var clips = Enumerable.Range(0, count).Select(i => new Clip($"c{i}",
            WaveformStoreTests.WriteClip(folder, $"audio/c{i}.wav", 0.1f + i * 0.003f, 16000, stereo: false, frames: frames), 0, "tone", 1)).ToArray();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        using var loaded = LoadedClips.Load(clips, new WaveformStoreOptions(folder.Root, 16000) { CacheDirectory = folder.PathOf("cache"), Workers = 2 }, CancellationToken.None);
        long samples = 0;
        for (var pass = 0; pass < 2; pass++)
            for (var i = 0; i < loaded.Count; i++) samples += loaded.Waveforms[i].Length;
        var growth = GC.GetTotalMemory(forceFullCollection: true) - baseline;

        Assert.Equal(2L * count * frames, samples);
        Assert.True(growth < 8L << 20, $"the GC heap grew by {growth / (1 << 20)} MB over a 30 MB corpus");
        GC.KeepAlive(loaded);
    }

    [Fact]
    public void LoadedClipsSkipFailedClipsAndReleaseTheStoreOnDispose()
    {
        using var folder = new TempFolder();
        var paths = Enumerable.Range(0, 3).Select(i => WaveformStoreTests.WriteClip(folder, $"c{i}.wav", 0.2f + i * 0.1f)).ToArray();
        File.WriteAllBytes(paths[1], [1, 2, 3, 4]);
        var clips = paths.Select((p, i) => new Clip($"c{i}", p, i, "x", 1)).ToArray();

        var loaded = LoadedClips.Load(clips, new WaveformStoreOptions(folder.Root, 16000) { SkipBad = true }, CancellationToken.None);
        var store = Directory.GetDirectories(Path.GetTempPath(), "grid-waveforms-*")
            .Single(d => Directory.GetDirectories(d).Any(s => Path.GetFileName(s).StartsWith(Path.GetFileName(folder.Root), StringComparison.Ordinal)));

        Assert.Equal(["c0", "c2"], loaded.Clips.Select(c => c.Id));
        Assert.Equal(paths[1], Assert.Single(loaded.Skipped).Path);
        Assert.Equal(WaveformStoreTests.Direct(paths[2]), loaded.Waveforms[1]);
        Assert.Equal(2, loaded.Waveforms.Count);
        loaded.Dispose();
        Assert.False(Directory.Exists(store));
        Assert.Throws<ObjectDisposedException>(() => loaded.Waveforms[0]);
    }
}
