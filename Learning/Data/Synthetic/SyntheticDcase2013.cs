using System.Text;
using Grid.Learning.Audio;
using Grid.Learning.Runtime;

namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Writes a synthetic DCASE 2013 scene set: the ten scene classes of the real set, 30 s stereo 16-bit WAV
/// recordings like the real ones but at 16 kHz instead of 44.1 kHz (the features are computed at 16 kHz; a
/// 44.1 kHz stereo scene is 5 MB). Of each class's N recordings the first ⌈N/2⌉ are the development set,
/// <c>scenes_stereo/&lt;class&gt;NN.wav</c>, and the rest the test set under shuffled anonymous names
/// <c>scenes_stereo_testset/sceneNNN.wav</c>, labelled by <c>dcase2013_task1_filenamekey.csv</c>
/// (<c>filename,original</c>); with N = 1 there is no test set. Each recording is a <see cref="SceneRenderer"/>
/// mix of its class's <see cref="SceneStyle"/>.
/// </summary>
public static class SyntheticDcase2013
{
    public const int SampleRate = 16000;
    public const double ClipSeconds = 30.0;

    /// <summary>The real names number recordings with two digits, so a class holds at most 99.</summary>
    public const int MaxClipsPerClass = 99;

    public static IReadOnlyList<string> Scenes { get; } = SceneStyle.All.Select(s => s.Scene).ToArray();

    private sealed record Recording(SceneStyle Style, int Number, bool Test);

    /// <param name="clipSeconds">Recording length: the real 30 s unless a quick test asks for less.</param>
    public static int Write(string outDir, int clipsPerClass, long seed, double clipSeconds = ClipSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(clipSeconds, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clipsPerClass, MaxClipsPerClass);
        var development = (clipsPerClass + 1) / 2;
        var recordings = SceneStyle.All.SelectMany(style => Enumerable.Range(1, clipsPerClass)
            .Select(n => new Recording(style, n, n > development))).ToArray();
        var test = recordings.Where(r => r.Test).ToArray();
        // Anonymous test names in a seeded order, so a file's number does not give its class away.
        var shuffle = Seeds.Random(seed, "dcase2013", "test names");
        var testNames = test.Select(r => (Recording: r, Key: shuffle.Next())).OrderBy(p => p.Key)
            .Select((p, i) => (p.Recording, Name: $"scene{i + 1:000}.wav")).ToDictionary(p => p.Recording, p => p.Name);

        Directory.CreateDirectory(Path.Combine(outDir, Dcase2013Layout.DevelopmentFolder));
        if (test.Length > 0) Directory.CreateDirectory(Path.Combine(outDir, Dcase2013Layout.TestFolder));
        Parallel.ForEach(recordings, recording =>
        {
            var random = Seeds.Random(seed, "dcase2013", "scene", recording.Style.Scene, recording.Number);
            var clip = SceneRenderer.Render(recording.Style, clipSeconds, SampleRate, random);
            var path = recording.Test
                ? Path.Combine(outDir, Dcase2013Layout.TestFolder, testNames[recording])
                : Path.Combine(outDir, Dcase2013Layout.DevelopmentFolder, OriginalName(recording));
            WavWriter.Write(path, Normalised(clip, random.Uniform(0.3, 0.9)), WavSampleFormat.Pcm16);
        });

        if (test.Length > 0)
        {
            var key = new StringBuilder("filename,original\n");
            foreach (var (recording, name) in testNames.OrderBy(p => p.Value, StringComparer.Ordinal))
                key.Append(name).Append(',').Append(OriginalName(recording)).Append('\n');
            File.WriteAllText(Path.Combine(outDir, Dcase2013Layout.TestKeyFile), key.ToString());
        }
        return recordings.Length;
    }

    private static string OriginalName(Recording recording) => $"{recording.Style.Scene}{recording.Number:00}.wav";

    private static AudioClip Normalised(AudioClip clip, double peak)
    {
        var max = clip.Channels.Max(c => c.Max(MathF.Abs));
        if (max < 1e-9f) return clip;
        var gain = (float)(peak / max);
        return clip with { Channels = clip.Channels.Select(c => c.Select(x => x * gain).ToArray()).ToArray() };
    }
}
