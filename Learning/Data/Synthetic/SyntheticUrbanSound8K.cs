using System.Globalization;
using System.Text;
using Grid.Learning.Runtime;

namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Writes a synthetic UrbanSound8K: <c>audio/fold1..10/&lt;fsID&gt;-&lt;classID&gt;-0-&lt;slice&gt;.wav</c> and
/// <c>metadata/UrbanSound8K.csv</c> with the real columns. Each source (fsID) has its own rate, encoding and
/// channel count and gives 1–4 slices in one fold; slices last 0.5–4 s (60% exactly 4 s) at 0–20 dB SNR
/// (salience 2 below 6 dB).
/// </summary>
static class SyntheticUrbanSound8K
{
    private const int MaxSlicesPerSource = 4;
    private const int FirstFsId = 1000;

    private sealed record Slice(PlannedSource Source, int SliceIndex, string FileName);

    public static int Write(string outDir, int clipsPerClass, long seed)
    {
        var plan = SourcePlan.Make(SoundModels.Count, clipsPerClass, UrbanSound8KLayout.FoldCount, MaxSlicesPerSource, seed, "us8k");
        for (var fold = 1; fold <= UrbanSound8KLayout.FoldCount; fold++) Directory.CreateDirectory(UrbanSound8KLayout.FoldFolder(outDir, fold));
        Directory.CreateDirectory(Path.Combine(outDir, "metadata"));

        var slices = plan.SelectMany(s => Enumerable.Range(0, s.Slices)
            .Select(i => new Slice(s, i, $"{FsId(s)}-{s.ClassIndex}-0-{i}.wav"))).ToArray();
        var rows = new string[slices.Length];
        Parallel.For(0, slices.Length, i => rows[i] = RenderSlice(outDir, slices[i], seed));

        var csv = new StringBuilder("slice_file_name,fsID,start,end,salience,fold,classID,class\n");
        foreach (var row in rows.Order(StringComparer.Ordinal)) csv.Append(row).Append('\n');
        File.WriteAllText(Path.Combine(outDir, "metadata", "UrbanSound8K.csv"), csv.ToString());
        return slices.Length;
    }

    private static int FsId(PlannedSource source) => FirstFsId + source.SourceNumber;

    /// <summary>Renders and writes one slice; returns its metadata row.</summary>
    private static string RenderSlice(string outDir, Slice slice, long seed)
    {
        var source = slice.Source;
        var sourceRandom = Seeds.Random(seed, "us8k", "source", FsId(source));
        var format = RecordingFormat.Draw(sourceRandom);
        var sound = SoundModels.Create(source.ClassIndex, sourceRandom);

        var random = Seeds.Random(seed, "us8k", "slice", FsId(source), slice.SliceIndex);
        var seconds = random.NextDouble() < 0.6 ? 4.0 : Math.Round(random.Uniform(0.5, 4.0), 3);
        var snrDb = random.Uniform(0, 20);
        var clip = SliceMixer.Render(sound, source.ClassIndex, format, seconds, snrDb, random);
        WavWriter.Write(Path.Combine(UrbanSound8KLayout.FoldFolder(outDir, source.Fold), slice.FileName), clip, format.Encoding);

        var start = Math.Round(slice.SliceIndex * 4.0 + random.Uniform(0, 0.5), 6);
        var end = Math.Round(start + clip.DurationSeconds, 6);
        var salience = snrDb >= 6 ? 1 : 2;
        return string.Join(',', slice.FileName, FsId(source).ToString(CultureInfo.InvariantCulture),
            start.ToString("R", CultureInfo.InvariantCulture), end.ToString("R", CultureInfo.InvariantCulture),
            salience.ToString(CultureInfo.InvariantCulture), source.Fold.ToString(CultureInfo.InvariantCulture),
            source.ClassIndex.ToString(CultureInfo.InvariantCulture), SoundModels.Names[source.ClassIndex]);
    }
}
