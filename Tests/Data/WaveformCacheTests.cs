using Grid.Learning.Audio;
using Grid.Learning.Data;
using Xunit;

namespace Grid.Tests.Data;

public sealed class WaveformCacheTests
{
    /// <summary>A cache whose decoder counts its calls.</summary>
    private static (WaveformCache Cache, Func<int> Decodes) CountingCache(string directory)
    {
        var decodes = 0;
        var cache = new WaveformCache(directory, (path, keep) =>
        {
            Interlocked.Increment(ref decodes);
            return AudioDecoder.Read(path, keep);
        });
        return (cache, () => decodes);
    }

    private static string WriteStereo(TempFolder folder, string name, float level)
    {
        var path = folder.PathOf(name);
        var left = Enumerable.Range(0, 2205).Select(i => level * MathF.Sin(i * 0.05f)).ToArray();
        var right = left.Select(x => -0.5f * x).ToArray();
        WavWriter.Write(path, new AudioClip([left, right], 22050), WavSampleFormat.Pcm16);
        return path;
    }

    [Fact]
    public void SecondLoadIsAHitAndNeverDecodes()
    {
        using var folder = new TempFolder();
        var wav = WriteStereo(folder, "a.wav", 0.5f);
        var (cache, decodes) = CountingCache(folder.PathOf("cache"));
        var first = cache.Load(wav, 16000);
        var (again, _) = CountingCache(folder.PathOf("cache"));
        var second = again.Load(wav, 16000);
        Assert.Equal(1, decodes());
        Assert.Equal((1L, 0L), (again.Hits, again.Misses));
        Assert.Equal(1L, cache.Misses);
        Assert.Equal(16000, second.SampleRate);
        Assert.Equal(1600, second.FrameCount);
        Assert.Equal(first.Channels[0], second.Channels[0]);
    }

    [Fact]
    public void ChangedParametersMiss()
    {
        using var folder = new TempFolder();
        var wav = WriteStereo(folder, "a.wav", 0.5f);
        var (cache, decodes) = CountingCache(folder.PathOf("cache"));
        cache.Load(wav, 16000);
        var stereo = cache.Load(wav, 16000, keepChannels: true);
        var otherRate = cache.Load(wav, 8000);
        Assert.Equal(3, decodes());
        Assert.Equal(2, stereo.ChannelCount);
        Assert.Equal(8000, otherRate.SampleRate);
        cache.Load(wav, 8000);
        Assert.Equal((1L, 3L), (cache.Hits, cache.Misses));
    }

    [Fact]
    public void ChangedContentMisses()
    {
        using var folder = new TempFolder();
        var wav = WriteStereo(folder, "a.wav", 0.5f);
        var (cache, decodes) = CountingCache(folder.PathOf("cache"));
        var before = cache.Load(wav, 22050);
        WriteStereo(folder, "a.wav", 0.25f);
        File.SetLastWriteTimeUtc(wav, DateTime.UtcNow.AddMinutes(1));
        var after = cache.Load(wav, 22050);
        Assert.Equal(2, decodes());
        Assert.NotEqual(before.Channels[0], after.Channels[0]);
    }

    [Fact]
    public void SameContentUnderAnotherNameHits()
    {
        using var folder = new TempFolder();
        var wav = WriteStereo(folder, "a.wav", 0.5f);
        File.Copy(wav, folder.PathOf("copy.wav"));
        var (cache, decodes) = CountingCache(folder.PathOf("cache"));
        cache.Load(wav, 16000);
        cache.Load(folder.PathOf("copy.wav"), 16000);
        Assert.Equal(1, decodes());
    }

    [Fact]
    public void ConcurrentCachesOnOneFolderAgreeAndLeaveNoTemporaries()
    {
        using var folder = new TempFolder();
        var files = Enumerable.Range(0, 4).Select(i => WriteStereo(folder, $"f{i}.wav", 0.1f * (i + 1))).ToArray();
        var caches = Enumerable.Range(0, 4).Select(_ => new WaveformCache(folder.PathOf("cache"))).ToArray();
        var results = new AudioClip[16];
        Parallel.For(0, 16, i => results[i] = caches[i % 4].Load(files[i / 4], 16000));
        for (var i = 0; i < 16; i++) Assert.Equal(results[i / 4 * 4].Channels[0], results[i].Channels[0]);
        Assert.Empty(Directory.GetFiles(folder.PathOf("cache"), "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(4, Directory.GetFiles(folder.PathOf("cache"), "*.f32", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void DamagedEntryIsRebuilt()
    {
        using var folder = new TempFolder();
        var wav = WriteStereo(folder, "a.wav", 0.5f);
        var (cache, decodes) = CountingCache(folder.PathOf("cache"));
        var original = cache.Load(wav, 16000);
        File.WriteAllBytes(cache.EntryPath(wav, 16000, false), [1, 2, 3]);
        Assert.Equal(original.Channels[0], cache.Load(wav, 16000).Channels[0]);
        Assert.Equal(2, decodes());
    }
}
