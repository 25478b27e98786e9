using Grid.Learning.Audio;
using Xunit;
using static Grid.Tests.Audio.AudioBytes;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class AudioDecoderTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("grid-audio-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void ReadMixesChannelsToMonoByDefault()
    {
        var path = WriteFile("stereo.wav", Wav(Format(1, 2, 8000, 16), Pcm16(1000, 3000, -2000, 0)));
        var mono = AudioDecoder.Read(path);
        Assert.Equal(1, mono.ChannelCount);
        Assert.Equal([2000f / 32768, -1000f / 32768], mono.Channels[0]);
        Assert.Equal(2, AudioDecoder.Read(path, keepChannels: true).ChannelCount);
    }

    [Fact]
    public void FormatIsChosenByMagicBytesNotExtension()
    {
        var path = WriteFile("really-au.wav", Au(3, 22050, 1, [0x40, 0x00]));
        Assert.Equal([0.5f], AudioDecoder.Read(path).Channels[0]);
    }

    [Fact]
    public void ErrorsNameThePath()
    {
        var path = WriteFile("empty.wav", []);
        var error = Assert.Throws<AudioFormatException>(() => AudioDecoder.Read(path));
        Assert.Equal(path, error.FilePath);
        Assert.Equal($"{path}: empty file", error.Message);
    }

    [Fact]
    public void MissingFileIsAnAudioFormatError()
    {
        var path = Path.Combine(_directory, "absent.wav");
        var error = Assert.Throws<AudioFormatException>(() => AudioDecoder.Read(path));
        Assert.Contains("cannot be read", error.Message);
        Assert.StartsWith(path, error.Message);
    }
}
