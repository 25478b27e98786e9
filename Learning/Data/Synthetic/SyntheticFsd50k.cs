using System.Globalization;
using System.Text;
using Grid.Learning.Runtime;

namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Writes a synthetic FSD50K: <c>FSD50K.dev_audio/&lt;fname&gt;.wav</c>, <c>FSD50K.eval_audio/&lt;fname&gt;.wav</c> and
/// <c>FSD50K.ground_truth/{vocabulary,dev,eval}.csv</c> with the real columns. Clips are 44.1 kHz 16-bit mono like
/// the real ones and last 1–6 s (the real ones 0.3–30 s), one of the ten sound models at 10–30 dB over background.
/// The vocabulary holds FSD50K-style names of AudioSet classes for the ten models plus three parents; a clip is
/// labelled with its model's class and that class's parent (<c>Bark,Dog</c>). Of every ten clips of a class seven
/// are dev train, one dev val and two eval (rotated per class, so each split holds clips from N = 1 on).
/// Pretraining ignores the labels.
/// </summary>
public static class SyntheticFsd50k
{
    /// <summary>Vocabulary rows (index = position): label and AudioSet mid.</summary>
    public static IReadOnlyList<(string Label, string Mid)> Vocabulary { get; } =
    [
        ("Mechanical_fan", "/m/02x984l"), ("Vehicle_horn_and_car_horn_and_honking", "/m/0912c9"),
        ("Child_speech_and_kid_speaking", "/m/0ytgt"), ("Bark", "/m/05tny_"), ("Drill", "/m/01d380"),
        ("Engine", "/m/02mk9"), ("Gunshot_and_gunfire", "/m/032s66"), ("Jackhammer", "/m/03p19w"),
        ("Siren", "/m/03kmc9"), ("Guitar", "/m/0342h"),
        ("Dog", "/m/0bt9lr"), ("Power_tool", "/m/0_ksk"), ("Musical_instrument", "/m/04szw"),
    ];

    /// <summary>The vocabulary labels of each sound model (US8K classID order): its class, then its parent if any.</summary>
    private static readonly int[][] LabelsOfModel = [[0], [1], [2], [3, 10], [4, 11], [5], [6], [7], [8], [9, 12]];

    /// <summary>Split of a clip by its position in a cycle of ten: 1 = dev train, 2 = dev val, 3 = eval.</summary>
    private static readonly int[] SplitCycle = [1, 1, 1, 1, 1, 1, 1, 2, 3, 3];

    public const int SampleRate = 44100;
    public const double MinSeconds = 1.0;
    public const double MaxSeconds = 6.0;
    private const int FirstDevFname = 10000;
    private const int FirstEvalFname = 500000;

    private sealed record Planned(int Model, int Number, int Split, string Fname);

    public static int Write(string outDir, int clipsPerClass, long seed)
    {
        var plan = Enumerable.Range(0, SoundModels.Count)
            .SelectMany(model => Enumerable.Range(0, clipsPerClass).Select(n => (Model: model, Number: n, Split: SplitCycle[(n + model) % SplitCycle.Length])))
            .ToArray();
        int dev = 0, eval = 0;
        var clips = plan.Select(p => new Planned(p.Model, p.Number, p.Split,
            (p.Split == 3 ? FirstEvalFname + eval++ : FirstDevFname + dev++).ToString(CultureInfo.InvariantCulture))).ToArray();

        var truth = Path.Combine(outDir, "FSD50K.ground_truth");
        foreach (var folder in new[] { truth, Path.Combine(outDir, "FSD50K.dev_audio"), Path.Combine(outDir, "FSD50K.eval_audio") })
            Directory.CreateDirectory(folder);
        var format = new RecordingFormat(SampleRate, WavSampleFormat.Pcm16, 1);
        Parallel.ForEach(clips, clip =>
        {
            var random = Seeds.Random(seed, "fsd50k", "clip", clip.Model, clip.Number);
            var sound = SoundModels.Create(clip.Model, random);
            var audio = SliceMixer.Render(sound, clip.Model, format, random.Uniform(MinSeconds, MaxSeconds), random.Uniform(10, 30), random);
            var folder = clip.Split == 3 ? "FSD50K.eval_audio" : "FSD50K.dev_audio";
            WavWriter.Write(Path.Combine(outDir, folder, clip.Fname + ".wav"), audio, format.Encoding);
        });

        File.WriteAllText(Path.Combine(truth, "vocabulary.csv"),
            string.Concat(Vocabulary.Select((v, i) => $"{i.ToString(CultureInfo.InvariantCulture)},{v.Label},{v.Mid}\n")));
        var devCsv = new StringBuilder("fname,labels,mids,split\n");
        var evalCsv = new StringBuilder("fname,labels,mids\n");
        foreach (var clip in clips)
        {
            var labels = LabelsOfModel[clip.Model];
            var row = $"{clip.Fname},{Quoted(labels.Select(l => Vocabulary[l].Label))},{Quoted(labels.Select(l => Vocabulary[l].Mid))}";
            if (clip.Split == 3) evalCsv.Append(row).Append('\n');
            else devCsv.Append(row).Append(clip.Split == 1 ? ",train\n" : ",val\n");
        }
        File.WriteAllText(Path.Combine(truth, "dev.csv"), devCsv.ToString());
        File.WriteAllText(Path.Combine(truth, "eval.csv"), evalCsv.ToString());
        return clips.Length;
    }

    /// <summary>A comma-separated list, quoted when it holds more than one item (as the real files do).</summary>
    private static string Quoted(IEnumerable<string> items)
    {
        var list = items.ToArray();
        return list.Length == 1 ? list[0] : $"\"{string.Join(',', list)}\"";
    }
}
