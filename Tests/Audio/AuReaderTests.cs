using System.Buffers.Binary;
using Grid.Learning.Audio;
using Xunit;
using static Grid.Tests.Audio.AudioBytes;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class AuReaderTests
{
    static AudioClip Decode(byte[] bytes) => AudioDecoder.Decode(bytes, "test.au");

    static string DecodeError(byte[] bytes) =>
        Assert.Throws<AudioFormatException>(() => AudioDecoder.Decode(bytes, "broken.au")).Message;

    [Fact]
    public void LinearPcmIsBigEndianAndSigned()
    {
        Assert.Equal([-1f, 0.5f], Decode(Au(2, 8000, 1, [0x80, 0x40])).Channels[0]);
        Assert.Equal([0.5f, -0.25f], Decode(Au(3, 22050, 1, [0x40, 0x00, 0xE0, 0x00])).Channels[0]);
        Assert.Equal([-0.5f], Decode(Au(4, 22050, 1, [0xC0, 0x00, 0x00])).Channels[0]);
        Assert.Equal([0.25f], Decode(Au(5, 22050, 1, [0x20, 0x00, 0x00, 0x00])).Channels[0]);
    }

    [Fact]
    public void FloatAndDoubleAreBigEndian()
    {
        var single = new byte[4];
        BinaryPrimitives.WriteSingleBigEndian(single, -0.375f);
        Assert.Equal([-0.375f], Decode(Au(6, 8000, 1, single)).Channels[0]);
        var dbl = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(dbl, 0.625);
        Assert.Equal([0.625f], Decode(Au(7, 8000, 1, dbl)).Channels[0]);
    }

    [Fact]
    public void MuLawFollowsG711()
    {
        var clip = Decode(Au(1, 8000, 1, [0xFF, 0x7F, 0x80, 0x00, 0x9F]));
        Assert.Equal([0f, 0f, 32124f / 32768, -32124f / 32768, 8316f / 32768], clip.Channels[0]);
    }

    [Fact]
    public void ALawFollowsG711()
    {
        var clip = Decode(Au(27, 8000, 1, [0xD5, 0x55, 0xAA, 0x2A]));
        Assert.Equal([8f / 32768, -8f / 32768, 32256f / 32768, -32256f / 32768], clip.Channels[0]);
    }

    [Fact]
    public void HeaderAnnotationBeforeDataIsSkippedAndChannelsDeinterleaved()
    {
        var clip = Decode(Au(3, 44100, 2, [0x10, 0x00, 0xF0, 0x00], dataOffset: 32));
        Assert.Equal(44100, clip.SampleRate);
        Assert.Equal([0.125f], clip.Channels[0]);
        Assert.Equal([-0.125f], clip.Channels[1]);
    }

    [Fact]
    public void UnknownDataSizeReadsToTheEnd() =>
        Assert.Equal(3, Decode(Au(2, 8000, 1, [1, 2, 3], dataSize: uint.MaxValue)).FrameCount);

    [Fact]
    public void TruncatedHeaderSaysExpectedAndFound() =>
        Assert.Contains("expected 24 bytes, found 8", DecodeError(".snd\0\0\0\x18"u8.ToArray()));

    [Fact]
    public void TruncatedDataSaysExpectedAndFound() =>
        Assert.Contains("header declares 100 bytes, found 1", DecodeError(Au(3, 8000, 1, [0x01], dataSize: 100)));

    [Fact]
    public void BadHeaderFieldsAreNamed()
    {
        Assert.Contains("unsupported AU encoding 23", DecodeError(Au(23, 8000, 1, [0])));
        Assert.Contains("zero channels", DecodeError(Au(3, 8000, 0, [0, 0])));
        Assert.Contains("invalid sample rate 0", DecodeError(Au(3, 0, 1, [0, 0])));
        var offsetPastEnd = Au(3, 8000, 1, [0, 0]);
        BinaryPrimitives.WriteUInt32BigEndian(offsetPastEnd.AsSpan(4), 4096);
        Assert.Contains("data offset 4096 outside the file", DecodeError(offsetPastEnd));
    }
}
