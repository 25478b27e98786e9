using System.Globalization;
using System.Text;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.Training;

namespace Grid.Tests.Training;

/// <summary>
/// A small, easy dataset in the UrbanSound8K layout for training tests: three clearly different sound classes
/// (filtered noise, a harmonic horn, a siren sweep; <see cref="Sound"/>), 1 s at 8 kHz (or <c>secondsPerClip</c>
/// such seconds end to end), in folds 1..<c>folds</c>.
/// </summary>
internal sealed class TinyUrbanSound : IDisposable
{
    private static readonly (int Id, string Name)[] Classes = [(0, "air_conditioner"), (1, "car_horn"), (8, "siren")];

    public TinyUrbanSound(int clipsPerClassPerFold, int folds = 3, long seed = 1, int secondsPerClip = 1)
    {
        Root = Path.Combine(Path.GetTempPath(), "grid-tiny-us8k-" + Guid.NewGuid().ToString("N"));
        var random = new Random((int)seed);
        var csv = new StringBuilder("slice_file_name,fsID,start,end,salience,fold,classID,class\n");
        for (var fold = 1; fold <= 10; fold++) Directory.CreateDirectory(UrbanSound8KLayout.FoldFolder(Root, fold));
        var source = 100;
        for (var fold = 1; fold <= folds; fold++)
            foreach (var (id, name) in Classes)
                for (var i = 0; i < clipsPerClassPerFold; i++)
                {
                    var file = $"{source}-{id}-0-{i}.wav";
                    WavWriter.Write(Path.Combine(UrbanSound8KLayout.FoldFolder(Root, fold), file),
                        new AudioClip([Seconds(id, secondsPerClip, random)], SampleRate), WavSampleFormat.Pcm16);
                    csv.Append(CultureInfo.InvariantCulture, $"{file},{source},0,{secondsPerClip},1,{fold},{id},{name}\n");
                    source++;
                }
        Directory.CreateDirectory(Path.Combine(Root, "metadata"));
        File.WriteAllText(Path.Combine(Root, "metadata", "UrbanSound8K.csv"), csv.ToString());
    }

    public const int SampleRate = 8000;

    public string Root { get; }

    /// <summary>CPU-test features: 1 s at 8 kHz, 32 mels, 63 frames.</summary>
    public static FeatureOptions Features { get; } = new() { SampleRate = SampleRate, NFft = 256, HopLength = 128, NMels = 32, ClipSeconds = 1.0 };

    public FoldJobRequest Request(Protocol protocol, int epochs, long seed = 5, string? initPath = null) => new()
    {
        DatasetRoot = Root,
        Layout = "us8k",
        Fold = 1,
        Protocol = protocol,
        InitPath = initPath,
        Model = new ModelOptions { Architecture = "resnet18", Width = 4 },
        Training = new TrainingOptions { Epochs = epochs, BatchSize = 8, LearningRate = 0.05, KnnCandidates = [1, 3, 5] },
        Features = Features,
        Seed = seed,
    };

    private static float[] Seconds(int classId, int seconds, Random random) =>
        seconds == 1 ? Sound(classId, random) : Enumerable.Range(0, seconds).SelectMany(_ => Sound(classId, random)).ToArray();

    internal static float[] Sound(int classId, Random random)
    {
        var samples = new float[SampleRate];
        var amplitude = 0.2 + 0.3 * random.NextDouble();
        var low = 0.0;
        var phase = 0.0;
        var pitch = 350 + 150 * random.NextDouble();
        for (var t = 0; t < samples.Length; t++)
        {
            var seconds = (double)t / SampleRate;
            var noise = 2 * random.NextDouble() - 1;
            double value;
            switch (classId)
            {
                case 0:
                    low = 0.97 * low + 0.03 * noise;
                    value = 6 * low;
                    break;
                case 1:
                    value = (Math.Sin(2 * Math.PI * pitch * seconds) + 0.5 * Math.Sin(4 * Math.PI * pitch * seconds)) / 1.5;
                    break;
                default:
                    phase += 2 * Math.PI * (900 + 500 * Math.Sin(2 * Math.PI * 2 * seconds)) / SampleRate;
                    value = Math.Sin(phase);
                    break;
            }
            samples[t] = (float)(amplitude * value + 0.02 * noise);
        }
        return samples;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Records every epoch and keeps each checkpoint's bytes.</summary>
internal sealed class RecordingObserver : IFoldJobObserver
{
    public List<EpochMetrics> Epochs { get; } = [];
    public List<byte[]> Checkpoints { get; } = [];
    public Action<EpochMetrics>? OnEpoch { get; init; }

    public void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint)
    {
        Epochs.Add(metrics);
        using var buffer = new MemoryStream();
        writeCheckpoint(buffer);
        Checkpoints.Add(buffer.ToArray());
        OnEpoch?.Invoke(metrics);
    }
}
