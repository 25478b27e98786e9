using System.Globalization;
using System.Text;
using Grid.Learning.Runtime;

namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Writes a synthetic ESC-50: <c>audio/&lt;fold&gt;-&lt;src&gt;-&lt;take&gt;-&lt;target&gt;.wav</c> and <c>meta/esc50.csv</c>
/// with the real columns. Ten categories named after the ESC-50 category each model resembles (targets 0..9);
/// clips are 5 s, 44.1 kHz, 16-bit mono like the real set, a 1–5 s sound at 0–20 dB SNR followed by digital
/// silence; 1–3 takes (A, B, C) per source, all in one of the five folds.
/// </summary>
public static class SyntheticEsc50
{
    /// <summary>ESC-50 category per sound model (US8K classID order) and whether it belongs to ESC-10.</summary>
    public static IReadOnlyList<(string Category, bool Esc10)> Categories { get; } =
    [
        ("vacuum_cleaner", false), // air_conditioner
        ("car_horn", false),
        ("laughing", false),       // children_playing
        ("dog", true),             // dog_bark
        ("chainsaw", true),        // drilling
        ("engine", false),         // engine_idling
        ("fireworks", false),      // gun_shot
        ("helicopter", true),      // jackhammer: periodic rotor-blade slaps
        ("siren", false),
        ("church_bells", false),   // street_music
    ];

    private const double ClipSeconds = 5.0;
    private const int MaxTakesPerSource = 3;
    private const int FirstSourceId = 100000;

    public static int Write(string outDir, int clipsPerClass, long seed)
    {
        var plan = SourcePlan.Make(SoundModels.Count, clipsPerClass, Esc50Layout.FoldCount, MaxTakesPerSource, seed, "esc50");
        Directory.CreateDirectory(Path.Combine(outDir, "audio"));
        Directory.CreateDirectory(Path.Combine(outDir, "meta"));
        var takes = plan.SelectMany(s => Enumerable.Range(0, s.Slices).Select(take => (Source: s, Take: take))).ToArray();
        var rows = new string[takes.Length];
        Parallel.For(0, takes.Length, i => rows[i] = RenderTake(outDir, takes[i].Source, takes[i].Take, seed));

        var csv = new StringBuilder("filename,fold,target,category,esc10,src_file,take\n");
        foreach (var row in rows.Order(StringComparer.Ordinal)) csv.Append(row).Append('\n');
        File.WriteAllText(Path.Combine(outDir, "meta", "esc50.csv"), csv.ToString());
        return takes.Length;
    }

    private static string RenderTake(string outDir, PlannedSource source, int take, long seed)
    {
        var sourceId = (FirstSourceId + source.SourceNumber).ToString(CultureInfo.InvariantCulture);
        var sound = SoundModels.Create(source.ClassIndex, Seeds.Random(seed, "esc50", "source", sourceId));
        var random = Seeds.Random(seed, "esc50", "take", sourceId, take);
        var seconds = random.Uniform(1.0, ClipSeconds);
        var clip = SliceMixer.Render(sound, source.ClassIndex, RecordingFormat.Esc50, seconds, random.Uniform(0, 20), random, ClipSeconds);
        var takeLetter = ((char)('A' + take)).ToString();
        var fileName = $"{source.Fold}-{sourceId}-{takeLetter}-{source.ClassIndex}.wav";
        WavWriter.Write(Path.Combine(outDir, "audio", fileName), clip, RecordingFormat.Esc50.Encoding);
        var (category, esc10) = Categories[source.ClassIndex];
        return string.Join(',', fileName, source.Fold.ToString(CultureInfo.InvariantCulture),
            source.ClassIndex.ToString(CultureInfo.InvariantCulture), category, esc10 ? "True" : "False", sourceId, takeLetter);
    }
}
