using System.CommandLine;
using Grid.Client;
using Grid.Learning.Audio;
using Grid.Learning.IO;
using TorchSharp;
using Xunit;
using static Grid.Tests.Audio.AudioBytes;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class FeatureCommandTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("grid-features-").FullName;
    readonly StringWriter _output = new();
    readonly StringWriter _error = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    int Invoke(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(FeatureCommands.Create());
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = _output, Error = _error });
    }

    string StereoWav(int sampleRate, int frames)
    {
        var left = Signals.Sine(1000, sampleRate, frames);
        var right = Signals.Sine(3000, sampleRate, frames);
        var interleaved = left.Zip(right).SelectMany(p => new[] { (short)(p.First * 32767), (short)(p.Second * 32767) }).ToArray();
        var path = Path.Combine(_directory, "stereo.wav");
        File.WriteAllBytes(path, Wav(Format(1, 2, (uint)sampleRate, 16), Pcm16(interleaved)));
        return path;
    }

    [Fact]
    public void WritesTheMelSpectrogramOfMixedResampledAudio()
    {
        var wav = StereoWav(44100, 22050);
        var npy = Path.Combine(_directory, "mel.npy");
        var exitCode = Invoke("features", wav, "--out", npy, "--n-mels", "40", "--n-fft", "512", "--hop", "256",
            "--mel-scale", "slaney", "--norm", "slaney", "--log", "db");
        Assert.Equal(0, exitCode);
        Assert.Equal("", _error.ToString());
        Assert.Contains("40 mels × 32 frames", _output.ToString());

        var written = Npy.Read(npy);
        Assert.Equal(new long[] { 40, 32 }, written.Shape);
        var clip = AudioDecoder.Read(wav);
        var waveform = Resampler.Default.Resample(clip.Channels[0], 44100, 16000);
        using var mel = new MelSpectrogram(16000, 512, 256, 40, scale: MelScale.Slaney, slaneyNorm: true);
        using var scope = torch.NewDisposeScope();
        var expected = LogMel.Compress(mel.Power(torch.tensor(waveform)), LogCompression.Decibel).data<float>().ToArray();
        Assert.Equal(expected, written.Data);
    }

    [Fact]
    public void UnreadableAudioIsOneLineNamingTheFileAndExitCodeOne()
    {
        var broken = Path.Combine(_directory, "broken.wav");
        File.WriteAllBytes(broken, "RIFF\x24\0\0\0WAVEfmt "u8.ToArray());
        var npy = Path.Combine(_directory, "never.npy");
        Assert.Equal(1, Invoke("features", broken, "--out", npy));
        var lines = _error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith($"grid features: {broken}: truncated chunk header", lines[0]);
        Assert.False(File.Exists(npy));
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        var wav = StereoWav(16000, 4000);
        var npy = Path.Combine(_directory, "mel.npy");
        Assert.Equal(2, Invoke("features", wav, "--out", npy, "--f-max", "9000"));
        Assert.Contains("--f-max (9000) must not exceed half the sample rate (8000)", _error.ToString());
        Assert.NotEqual(0, Invoke("features", wav, "--out", npy, "--mel-scale", "bark"));
        Assert.NotEqual(0, Invoke("features", wav));
        Assert.False(File.Exists(npy));
    }
}
