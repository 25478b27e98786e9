using System.Buffers.Binary;
using Grid.Learning.Audio;
using Xunit;
using static Grid.Tests.Audio.AudioBytes;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class WavReaderTests
{
    const float Tolerance = 1e-6f;

    static AudioClip Decode(byte[] bytes) => AudioDecoder.Decode(bytes, "test.wav");

    static string DecodeError(byte[] bytes) =>
        Assert.Throws<AudioFormatException>(() => AudioDecoder.Decode(bytes, "broken.wav")).Message;

    [Fact]
    public void Pcm8IsUnsignedAroundMidpoint()
    {
        var clip = Decode(Wav(Format(1, 1, 8000, 8), [0, 128, 255, 64]));
        Assert.Equal(8000, clip.SampleRate);
        Assert.Equal([-1f, 0f, 127f / 128, -0.5f], clip.Channels[0]);
    }

    [Fact]
    public void Pcm16IsScaledBy32768()
    {
        var clip = Decode(Wav(Format(1, 1, 16000, 16), Pcm16(short.MinValue, 0, 16384, short.MaxValue)));
        Assert.Equal([-1f, 0f, 0.5f, 32767f / 32768], clip.Channels[0]);
    }

    [Fact]
    public void Pcm24ReadsThreeByteLittleEndianSamples()
    {
        byte[] data = [0x00, 0x00, 0x80, 0x00, 0x00, 0x40, 0xFF, 0xFF, 0xFF];
        var clip = Decode(Wav(Format(1, 1, 44100, 24), data));
        Assert.Equal(-1f, clip.Channels[0][0], Tolerance);
        Assert.Equal(0.5f, clip.Channels[0][1], Tolerance);
        Assert.Equal(-1f / 8388608, clip.Channels[0][2], 1e-9f);
    }

    [Fact]
    public void Pcm32ReadsFourByteSamples()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(data, int.MinValue);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), 1 << 29);
        var clip = Decode(Wav(Format(1, 1, 48000, 32), data));
        Assert.Equal([-1f, 0.25f], clip.Channels[0]);
    }

    [Fact]
    public void Float32AndFloat64AreReadAsIs()
    {
        var single = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(single, 0.125f);
        BinaryPrimitives.WriteSingleLittleEndian(single.AsSpan(4), -0.75f);
        Assert.Equal([0.125f, -0.75f], Decode(Wav(Format(3, 1, 22050, 32), single)).Channels[0]);

        var dbl = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(dbl, -0.5);
        BinaryPrimitives.WriteDoubleLittleEndian(dbl.AsSpan(8), 0.3);
        Assert.Equal([-0.5f, 0.3f], Decode(Wav(Format(3, 1, 22050, 64), dbl)).Channels[0]);
    }

    [Fact]
    public void ExtensibleTakesTheFormatFromTheSubFormatGuid()
    {
        var pcm24In32 = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(pcm24In32, 0x40000000);
        BinaryPrimitives.WriteInt32LittleEndian(pcm24In32.AsSpan(4), unchecked((int)0xC0000000));
        var pcm = Decode(Wav(ExtensibleFormat(1, 2, 96000, 32, 24), pcm24In32));
        Assert.Equal(2, pcm.ChannelCount);
        Assert.Equal(96000, pcm.SampleRate);
        Assert.Equal([0.5f], pcm.Channels[0]);
        Assert.Equal([-0.5f], pcm.Channels[1]);

        var single = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(single, 0.25f);
        Assert.Equal([0.25f], Decode(Wav(ExtensibleFormat(3, 1, 8000, 32, 32), single)).Channels[0]);
    }

    [Fact]
    public void ExtensibleWithForeignSubFormatIsRejected()
    {
        var format = ExtensibleFormat(1, 1, 8000, 16, 16);
        format[30] = 0x42;
        Assert.Contains("sub-format", DecodeError(Wav(format, Pcm16(1))));
    }

    [Fact]
    public void ChannelsAreDeinterleaved()
    {
        var clip = Decode(Wav(Format(1, 3, 8000, 16), Pcm16(1000, 2000, 3000, -1000, -2000, -3000)));
        Assert.Equal(3, clip.ChannelCount);
        Assert.Equal(2, clip.FrameCount);
        Assert.Equal([2000f / 32768, -2000f / 32768], clip.Channels[1]);
    }

    [Fact]
    public void OddSizedAndUnknownChunksAreSkipped()
    {
        var bytes = Riff(
            Chunk("LIST", [1, 2, 3]), // odd: followed by a pad byte
            Chunk("fmt ", Format(1, 1, 8000, 16)),
            Chunk("fact", [4, 0, 0, 0]),
            Chunk("cue ", new byte[5]),
            Chunk("data", Pcm16(100, -100)));
        Assert.Equal([100f / 32768, -100f / 32768], Decode(bytes).Channels[0]);
    }

    [Fact]
    public void OddSizedDataIsReadUpToTheLastWholeFrame()
    {
        var bytes = Riff(Chunk("fmt ", Format(1, 1, 8000, 8)), Chunk("data", [128, 255, 0]), Chunk("LIST", [9]));
        Assert.Equal([0f, 127f / 128, -1f], Decode(bytes).Channels[0]);
    }

    [Fact]
    public void StreamingDataSizeReadsToTheEndOfTheFile()
    {
        var bytes = Riff(Chunk("fmt ", Format(1, 1, 8000, 16)), Chunk("data", Pcm16(1, 2, 3), declaredSize: uint.MaxValue));
        Assert.Equal(3, Decode(bytes).FrameCount);
    }

    [Fact]
    public void DataSizeBeyondTheFileReadsTheWholeFramesPresent()
    {
        var data = Pcm16(5, 6, 7).Concat(new byte[] { 0x11 }).ToArray(); // a partial trailing sample
        var bytes = Riff(Chunk("fmt ", Format(1, 1, 8000, 16)), Chunk("data", data, declaredSize: 1000, pad: false));
        Assert.Equal([5f / 32768, 6f / 32768, 7f / 32768], Decode(bytes).Channels[0]);
    }

    [Fact]
    public void EmptyFileIsRejected() => Assert.Contains("empty file", DecodeError([]));

    [Fact]
    public void ErrorsNameTheFile() => Assert.StartsWith("broken.wav: ", DecodeError([1, 2, 3, 4, 5]));

    [Fact]
    public void TruncatedRiffHeaderSaysExpectedAndFound() =>
        Assert.Contains("expected 12 bytes, found 6", DecodeError("RIFF\0\0"u8.ToArray()));

    [Fact]
    public void NonRiffIsRejected() => Assert.Contains("unrecognised format", DecodeError("OggS\0\0\0\0\0\0\0\0"u8.ToArray()));

    [Fact]
    public void RiffOtherThanWaveIsRejected()
    {
        var bytes = Riff(Chunk("fmt ", Format(1, 1, 8000, 16)));
        "AVI "u8.CopyTo(bytes.AsSpan(8));
        Assert.Contains("expected \"WAVE\"", DecodeError(bytes));
    }

    [Fact]
    public void TruncatedFmtChunkSaysExpectedAndFound() =>
        Assert.Contains("truncated fmt chunk: expected 16 bytes, found 10",
            DecodeError(Riff(Chunk("fmt ", new byte[10]), Chunk("data", Pcm16(1)))));

    [Fact]
    public void ChunkRunningPastTheEndIsTruncated()
    {
        var bytes = Riff(Chunk("fmt ", Format(1, 1, 8000, 16), declaredSize: 40, pad: false));
        Assert.Contains("expected 40 bytes, found 16", DecodeError(bytes));
    }

    [Fact]
    public void TruncatedDataSaysExpectedAndFound()
    {
        var bytes = Riff(Chunk("fmt ", Format(1, 2, 8000, 16)), Chunk("data", [1, 2], declaredSize: 400, pad: false));
        Assert.Contains("truncated data: chunk declares 400 bytes, found 2", DecodeError(bytes));
    }

    [Fact]
    public void MissingChunksAreReported()
    {
        Assert.Contains("no data chunk", DecodeError(Riff(Chunk("fmt ", Format(1, 1, 8000, 16)))));
        Assert.Contains("before any fmt chunk", DecodeError(Riff(Chunk("data", Pcm16(1)))));
        Assert.Contains("no fmt chunk", DecodeError(Riff(Chunk("LIST", [1, 2]))));
    }

    [Fact]
    public void UnsupportedFormatTagIsNamed() =>
        Assert.Contains("unsupported format tag 0x0002", DecodeError(Wav(Format(2, 1, 8000, 4), [0])));

    [Fact]
    public void UnsupportedBitDepthIsNamed() =>
        Assert.Contains("unsupported bit depth 48", DecodeError(Wav(Format(1, 1, 8000, 48), new byte[6])));

    [Fact]
    public void ZeroChannelsOrSampleRateAreRejected()
    {
        Assert.Contains("zero channels", DecodeError(Wav(Format(1, 0, 8000, 16), Pcm16(1))));
        Assert.Contains("invalid sample rate 0", DecodeError(Wav(Format(1, 1, 0, 16), Pcm16(1))));
    }
}
