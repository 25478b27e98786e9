using System.Globalization;
using Grid.Learning.Training;

namespace Grid.Learning.Pretraining;

/// <summary>
/// What a pretraining checkpoint says about how its encoder was made ("method.json"): the method, the corpus and the
/// main settings as they ran (after <see cref="CorpusFit"/>), and the run's warnings. Settings of the other method
/// are null. Checkpoints written before it existed read as <see cref="Unknown"/>.
/// </summary>
public sealed record PretrainedMethod
{
    /// <summary>"MoCo v1", "MoCo v2", "NPID", or "unknown" for a checkpoint without method.json.</summary>
    public required string Label { get; init; }
    public PretrainMethod? Method { get; init; }
    public int? MocoVersion { get; init; }

    /// <summary>The corpus: dataset layout (e.g. fsd50k), the folds used (empty: all) and the clips pretrained on.</summary>
    public string? Layout { get; init; }
    public IReadOnlyList<int> Folds { get; init; } = [];
    public int? ClipCount { get; init; }

    public int? QueueSize { get; init; }
    public double? KeyMomentum { get; init; }
    /// <summary>The temperature used (the method's default resolved).</summary>
    public double? Temperature { get; init; }
    public int? NceNegatives { get; init; }
    public double? MemoryMomentum { get; init; }
    public int? BatchNormSplits { get; init; }
    public int? ProjectionDim { get; init; }

    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public string? Optimizer { get; init; }
    public double? LearningRate { get; init; }
    public double? Momentum { get; init; }
    public double? WeightDecay { get; init; }
    public string? Schedule { get; init; }
    public IReadOnlyList<int> Milestones { get; init; } = [];
    public double? StepGamma { get; init; }
    public int? WarmupEpochs { get; init; }

    /// <summary>The run's warnings (<see cref="PretrainResult.Warnings"/>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A checkpoint that does not say how it was made.</summary>
    public static PretrainedMethod Unknown { get; } = new() { Label = "unknown" };

    /// <summary>Where a fold job's encoder came from, e.g. "MoCo v1 (fsd50k)" or "NPID (us8k folds 2,3)".</summary>
    public string Origin
    {
        get
        {
            if (Layout is null) return Label;
            var folds = Folds.Count == 0 ? "" : " folds " + string.Join(",", Folds);
            return $"{Label} ({Layout}{folds})";
        }
    }

    /// <summary>
    /// The record of a run of <paramref name="request"/> (as fitted to its corpus) over <paramref name="clipCount"/>
    /// clips with the softmax <paramref name="temperature"/> its model resolved.
    /// </summary>
    public static PretrainedMethod Describe(PretrainRequest request, int clipCount, double temperature, IReadOnlyList<string> warnings)
    {
        var moco = request.Method == PretrainMethod.Moco;
        var training = request.Training;
        return new PretrainedMethod
        {
            Label = moco ? string.Create(CultureInfo.InvariantCulture, $"MoCo v{request.MocoVersion}") : "NPID",
            Method = request.Method,
            MocoVersion = moco ? request.MocoVersion : null,
            Layout = request.Layout.ToLowerInvariant(),
            Folds = [.. request.Folds.Order()],
            ClipCount = clipCount,
            QueueSize = moco ? request.QueueSize : null,
            KeyMomentum = moco ? request.KeyMomentum : null,
            Temperature = temperature,
            NceNegatives = moco ? null : request.NceNegatives,
            MemoryMomentum = moco ? null : request.MemoryMomentum,
            BatchNormSplits = moco ? request.BatchNormSplits : null,
            ProjectionDim = request.ProjectionDim,
            Epochs = training.Epochs,
            BatchSize = training.BatchSize,
            Optimizer = training.Optimizer.ToString().ToLowerInvariant(),
            LearningRate = training.LearningRate,
            Momentum = training.Momentum,
            WeightDecay = training.WeightDecay,
            Schedule = training.Schedule.ToString().ToLowerInvariant(),
            Milestones = training.Schedule == ScheduleKind.Multistep ? training.Milestones : [],
            StepGamma = training.Schedule is ScheduleKind.Step or ScheduleKind.Multistep ? training.StepGamma : null,
            WarmupEpochs = training.WarmupEpochs,
            Warnings = warnings,
        };
    }
}
