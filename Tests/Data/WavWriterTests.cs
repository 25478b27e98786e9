using System.Buffers.Binary;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Xunit;

namespace Grid.Tests.Data;

[Trait("Category", "Unit")]
public sealed class WavWriterTests
{
    private static AudioClip TestClip(int channels, int sampleRate = 22050, int frames = 1001) =>
        new(Enumerable.Range(0, channels)
            .Select(c => Enumerable.Range(0, frames).Select(i => (float)(0.8 * Math.Sin(0.01 * i * (c + 1)))).ToArray()).ToArray(), sampleRate);

    [Theory]
    [InlineData(WavSampleFormat.Pcm16, 1, 1.0 / 32768)]
    [InlineData(WavSampleFormat.Pcm16, 2, 1.0 / 32768)]
    [InlineData(WavSampleFormat.Pcm24, 1, 1.0 / 8388608)]
    [InlineData(WavSampleFormat.Pcm24, 2, 1.0 / 8388608)]
    [InlineData(WavSampleFormat.Float32, 1, 0)]
    [InlineData(WavSampleFormat.Float32, 2, 0)]
    public void RoundTripsThroughTheDecoder(WavSampleFormat format, int channels, double step)
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("x.wav");
        var clip = TestClip(channels);
        WavWriter.Write(path, clip, format);
        var decoded = AudioDecoder.Read(path, keepChannels: true);
        Assert.Equal((clip.SampleRate, channels, clip.FrameCount), (decoded.SampleRate, decoded.ChannelCount, decoded.FrameCount));
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < clip.FrameCount; i++)
                Assert.InRange(decoded.Channels[c][i] - clip.Channels[c][i], -step * 0.51 - 1e-7, step * 0.51 + 1e-7);
    }

    [Fact]
    public void HeaderDescribesTheEncoding()
    {
        using var folder = new TempFolder();
        var pcm = folder.PathOf("pcm.wav");
        var ieee = folder.PathOf("float.wav");
        WavWriter.Write(pcm, TestClip(2, 48000, 11), WavSampleFormat.Pcm24);
        WavWriter.Write(ieee, TestClip(1, 8000, 10), WavSampleFormat.Float32);
        var pcmBytes = File.ReadAllBytes(pcm);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(pcmBytes.AsSpan(20)));
        Assert.Equal(48000u * 6, BinaryPrimitives.ReadUInt32LittleEndian(pcmBytes.AsSpan(28)));
        Assert.Equal(24, BinaryPrimitives.ReadUInt16LittleEndian(pcmBytes.AsSpan(34)));
        Assert.Equal(44 + 66, pcmBytes.Length);
        Assert.Equal((uint)(pcmBytes.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(pcmBytes.AsSpan(4)));
        var floatBytes = File.ReadAllBytes(ieee);
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(floatBytes.AsSpan(20)));
        Assert.Equal("fact"u8.ToArray(), floatBytes[38..42]);
    }

    [Fact]
    public void PcmClipsOutOfRangeSamples()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("loud.wav");
        WavWriter.Write(path, new AudioClip([[2f, -3f, 0.5f]], 8000), WavSampleFormat.Pcm16);
        var decoded = AudioDecoder.Read(path);
        Assert.Equal(32767f / 32768, decoded.Channels[0][0]);
        Assert.Equal(-1f, decoded.Channels[0][1], 1e-4f);
    }
}
