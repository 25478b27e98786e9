using Grid.Learning.Audio;
using Grid.Learning.Data;

namespace Grid.Tests.Data;

/// <summary>A temporary folder for one test, deleted on dispose, with helpers to lay out dataset files.</summary>
public sealed class TempFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("grid-data-").FullName;

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public string WriteText(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A short valid 16-bit mono WAV (a 440 Hz tone) at the given relative path.</summary>
    public string WriteWav(string relativePath, int sampleRate = 8000, int frames = 400)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var samples = Enumerable.Range(0, frames).Select(i => 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / sampleRate)).ToArray();
        WavWriter.Write(path, new AudioClip([samples], sampleRate), WavSampleFormat.Pcm16);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
