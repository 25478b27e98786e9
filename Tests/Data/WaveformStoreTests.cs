using Grid.Learning.Audio;
using Grid.Learning.Data;
using Xunit;

namespace Grid.Tests.Data;

[Trait("Category", "Unit")]
public sealed class WaveformStoreTests
{
    private const int Rate = 16000;

    /// <summary>A stereo or mono WAV at <paramref name="sourceRate"/> whose content depends on <paramref name="level"/>.</summary>
    internal static string WriteClip(TempFolder folder, string name, float level, int sourceRate = 22050, bool stereo = true, int frames = 2205)
    {
        var path = folder.PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var left = Enumerable.Range(0, frames).Select(i => level * MathF.Sin(i * 0.05f * (1 + level))).ToArray();
        float[][] channels = stereo ? [left, left.Select(x => -0.5f * x).ToArray()] : [left];
        WavWriter.Write(path, new AudioClip(channels, sourceRate), WavSampleFormat.Pcm16);
        return path;
    }

    /// <summary>What today's decoding gives, without any store.</summary>
    internal static float[] Direct(string path, int rate = Rate) => Resampler.Default.Resample(AudioDecoder.Read(path), rate).MixToMono();

    private static WaveformStoreOptions Options(TempFolder folder, bool skipBad = false, int workers = 1) =>
        new(folder.Root, Rate) { CacheDirectory = folder.PathOf("cache"), SkipBad = skipBad, Workers = workers };

    private static string[] Clips(TempFolder folder, int count) =>
        Enumerable.Range(0, count).Select(i => WriteClip(folder, $"audio/c{i}.wav", 0.05f + 0.07f * i, i % 2 == 0 ? 22050 : 8000, stereo: i % 3 == 0)).ToArray();

    private static string[] SegmentFiles(WaveformStore store) =>
        Directory.GetFiles(store.Directory, "seg-*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void StoredWaveformsAreBitExactAndASecondOpenDecodesNothing()
    {
        using var folder = new TempFolder();
        var paths = Clips(folder, 6);
        using (var store = WaveformStore.Open(paths, Options(folder), CancellationToken.None))
        {
            Assert.Equal(6, store.Decoded);
            foreach (var path in paths) Assert.Equal(Direct(path), store.Read(path));
            Assert.Equal(["seg-000001.f32", "seg-000001.idx"], SegmentFiles(store));
        }
        using var again = WaveformStore.Open(paths, Options(folder), CancellationToken.None);
        Assert.Equal((0, 0), (again.Decoded, again.Copied));
        foreach (var path in paths) Assert.Equal(Direct(path), again.Read(path));
        Assert.NotSame(again.Read(paths[0]), again.Read(paths[0]));
    }

    [Theory]
    [InlineData("truncated data")]
    [InlineData("corrupt index")]
    [InlineData("truncated index")]
    public void ADamagedSegmentIsRebuiltNotRead(string damage)
    {
        using var folder = new TempFolder();
        var paths = Clips(folder, 4);
        string directory;
        using (var store = WaveformStore.Open(paths, Options(folder), CancellationToken.None)) directory = store.Directory;
        var data = WaveformSegment.DataFile(directory, 1);
        var index = WaveformSegment.IndexPath(directory, 1);
        switch (damage)
        {
            case "truncated data":
                using (var file = new FileStream(data, FileMode.Open)) file.SetLength(file.Length - 4);
                break;
            case "corrupt index":
                var bytes = File.ReadAllBytes(index);
                bytes[bytes.Length / 2] ^= 0x40;
                File.WriteAllBytes(index, bytes);
                break;
            default:
                File.WriteAllBytes(index, File.ReadAllBytes(index)[..^10]);
                break;
        }
        Assert.Null(WaveformSegment.TryOpen(directory, 1, Rate));

        using var rebuilt = WaveformStore.Open(paths, Options(folder), CancellationToken.None);
        Assert.Equal(4, rebuilt.Decoded);
        foreach (var path in paths) Assert.Equal(Direct(path), rebuilt.Read(path));
        Assert.Equal(["seg-000002.f32", "seg-000002.idx"], SegmentFiles(rebuilt));
    }

    [Fact]
    public void AChangedSourceMissesAndATouchedOneIsCopiedNotDecoded()
    {
        using var folder = new TempFolder();
        var paths = Clips(folder, 3);
        float[] before;
        using (var store = WaveformStore.Open(paths, Options(folder), CancellationToken.None)) before = store.Read(paths[1]);

        WriteClip(folder, "audio/c1.wav", 0.9f, 8000, stereo: false);
        File.SetLastWriteTimeUtc(paths[1], DateTime.UtcNow.AddMinutes(1));
        using (var changed = WaveformStore.Open(paths, Options(folder), CancellationToken.None))
        {
            Assert.Equal((1, 0), (changed.Decoded, changed.Copied));
            Assert.Equal(Direct(paths[1]), changed.Read(paths[1]));
            Assert.NotEqual(before, changed.Read(paths[1]));
            Assert.Equal(Direct(paths[0]), changed.Read(paths[0]));
        }

        File.SetLastWriteTimeUtc(paths[2], DateTime.UtcNow.AddMinutes(2));   // same bytes, new time: the content hash matches
        using var touched = WaveformStore.Open(paths, Options(folder), CancellationToken.None);
        Assert.Equal((0, 1), (touched.Decoded, touched.Copied));
        Assert.Equal(Direct(paths[2]), touched.Read(paths[2]));
    }

    [Fact]
    public void AClipThatFailsToDecodeFailsNamingItOrIsRecordedWithSkipBad()
    {
        using var folder = new TempFolder();
        var paths = Clips(folder, 4);
        File.WriteAllBytes(paths[2], "not audio at all"u8.ToArray());

        var error = Assert.Throws<AudioFormatException>(() => WaveformStore.Open(paths, Options(folder), CancellationToken.None));
        Assert.Equal(paths[2], error.FilePath);
        Assert.Contains(paths[2], error.Message);

        using (var skipping = WaveformStore.Open(paths, Options(folder, skipBad: true), CancellationToken.None))
        {
            Assert.True(skipping.Entry(paths[2]).Entry.Failed);
            Assert.Equal(Direct(paths[3]), skipping.Read(paths[3]));
        }
        // The failure is stored: a strict open names the file again without decoding anything.
        var again = Assert.Throws<AudioFormatException>(() => WaveformStore.Open(paths, Options(folder), CancellationToken.None));
        Assert.Equal(paths[2], again.FilePath);
    }

    [Fact]
    public void OneAndFourWorkersStoreTheSameSamples()
    {
        using var one = new TempFolder();
        using var four = new TempFolder();
        var paths = Clips(one, 12);
        var copies = paths.Select(p => { var copy = four.PathOf("audio", Path.GetFileName(p)); Directory.CreateDirectory(Path.GetDirectoryName(copy)!); File.Copy(p, copy); return copy; }).ToArray();
        using var serial = WaveformStore.Open(paths, Options(one, workers: 1), CancellationToken.None);
        using var parallel = WaveformStore.Open(copies, Options(four, workers: 4), CancellationToken.None);
        Assert.Equal(12, parallel.Decoded);
        for (var i = 0; i < paths.Length; i++) Assert.Equal(serial.Read(paths[i]), parallel.Read(copies[i]));
    }

    [Fact]
    public void TwoStoresBuildingAtOnceEndWithOneSegmentAndAgree()
    {
        using var folder = new TempFolder();
        var paths = Clips(folder, 16);
        var stores = new WaveformStore[2];
        Parallel.For(0, 2, i => stores[i] = WaveformStore.Open(paths, Options(folder, workers: 2), CancellationToken.None));
        try
        {
            Assert.Equal(16, stores[0].Decoded + stores[1].Decoded);
            Assert.Equal(["seg-000001.f32", "seg-000001.idx"], SegmentFiles(stores[0]));
            foreach (var path in paths) Assert.Equal(stores[0].Read(path), stores[1].Read(path));
        }
        finally
        {
            foreach (var store in stores) store.Dispose();
        }
    }

    [Fact]
    public void ProgressEndsWithEveryMissingClipDone()
    {
        using var folder = new TempFolder();
        var paths = Clips(folder, 5);
        var reports = new List<StoreProgress>();
        using var store = WaveformStore.Open(paths, Options(folder) with { Progress = reports.Add }, CancellationToken.None);
        Assert.Equal((5, 5), (reports[^1].Done, reports[^1].Total));
        Assert.Contains("5/5 clips", reports[^1].ToString());
    }

    [Fact]
    public void WithoutACacheFolderTheStoreIsTemporary()
    {
        using var folder = new TempFolder();
        var paths = Clips(folder, 2);
        var store = WaveformStore.Open(paths, Options(folder) with { CacheDirectory = null }, CancellationToken.None);
        var shared = store.Share();
        store.Dispose();
        Assert.True(Directory.Exists(shared.Directory));
        Assert.Equal(Direct(paths[0]), shared.Read(paths[0]));
        shared.Dispose();
        Assert.False(Directory.Exists(shared.Directory));
    }

    [Fact]
    public void ACancelledBuildKeepsNothingHalfWritten()
    {
        using var folder = new TempFolder();
        var paths = Clips(folder, 3);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => WaveformStore.Open(paths, Options(folder), cancelled.Token));
        Assert.Empty(Directory.GetFiles(folder.PathOf("cache"), "*.tmp", SearchOption.AllDirectories));
        using var store = WaveformStore.Open(paths, Options(folder), CancellationToken.None);
        Assert.Equal(3, store.Decoded);
    }
}
