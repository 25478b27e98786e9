using Grid.Learning.Settings;
using Grid.Learning.Training;

namespace Grid.Learning.Pretraining;

public sealed partial record PretrainRequest
{
    /// <summary>MoCo version: 1 or 2.</summary>
    public static readonly NumericRange MocoVersionRange = NumericRange.Whole("mocoVersion", 1, 2);
    /// <summary>MoCo queue length K: 1 to 1,048,576 keys (16 times the published 65,536).</summary>
    public static readonly NumericRange QueueSizeRange = NumericRange.Whole("queueSize", 1, 1_048_576);
    /// <summary>MoCo key-encoder momentum m: [0, 1) (at 1 the key encoder would never learn).</summary>
    public static readonly NumericRange KeyMomentumRange = NumericRange.Real("keyMomentum", 0, 1, maxExclusive: true);
    /// <summary>Softmax temperature when set: (0, 10].</summary>
    public static readonly NumericRange TemperatureRange = NumericRange.Real("temperature", 0, 10, minExclusive: true);
    /// <summary>Projection dimension: 1 to 4,096.</summary>
    public static readonly NumericRange ProjectionDimRange = NumericRange.Whole("projectionDim", 1, 4_096);
    /// <summary>NPID noise samples per positive: 1 to 1,048,576.</summary>
    public static readonly NumericRange NceNegativesRange = NumericRange.Whole("nceNegatives", 1, 1_048_576);
    /// <summary>NPID memory-bank momentum: [0, 1) (at 1 the bank would never learn).</summary>
    public static readonly NumericRange MemoryMomentumRange = NumericRange.Real("memoryMomentum", 0, 1, maxExclusive: true);
    /// <summary>MoCo BatchNorm groups: 1 to 256.</summary>
    public static readonly NumericRange BatchNormSplitsRange = NumericRange.Whole("batchNormSplits", 1, 256);
    /// <summary>Each pretraining fold: 1 to 1,000.</summary>
    public static readonly NumericRange FoldRange = NumericRange.Whole("folds", 1, 1_000);

    /// <summary>The numeric ranges of this record's own fields (its model, training and features have theirs).</summary>
    public static IReadOnlyList<NumericRange> Ranges { get; } =
    [
        MocoVersionRange, QueueSizeRange, KeyMomentumRange, TemperatureRange, ProjectionDimRange, NceNegativesRange,
        MemoryMomentumRange, BatchNormSplitsRange, FoldJobRequest.ThreadsRange, FoldJobRequest.DataWorkersRange, FoldJobRequest.DeviceRange,
    ];

    /// <summary>
    /// Every setting outside its range, field by field (camelCase; nested records as <c>training.epochs</c>); empty
    /// when usable. Whether the folds exist in the corpus's layout is the spec's check (it knows the layout's folds).
    /// </summary>
    public IReadOnlyList<SettingProblem> Validate()
    {
        var checks = new SettingChecks()
            .Require(!string.IsNullOrWhiteSpace(Layout), "layout", "required")
            .Require(Enum.IsDefined(Method), "method", $"'{Method}' is not moco or npid")
            .Range(MocoVersionRange, MocoVersion)
            .Range(QueueSizeRange, QueueSize)
            .Range(KeyMomentumRange, KeyMomentum)
            .Range(ProjectionDimRange, ProjectionDim)
            .Range(NceNegativesRange, NceNegatives)
            .Range(MemoryMomentumRange, MemoryMomentum)
            .Range(BatchNormSplitsRange, BatchNormSplits)
            .Range(FoldJobRequest.ThreadsRange, Threads)
            .Range(FoldJobRequest.DataWorkersRange, DataWorkers)
            .Range(FoldJobRequest.DeviceRange, Device);
        if (Temperature is { } temperature) checks.Range(TemperatureRange, temperature);
        foreach (var fold in Folds ?? []) checks.Range(FoldRange, fold);
        return checks
            .Nested("model", Model.Validate())
            .Nested("training", Training.Validate())
            .Nested("features", Features.Validate())
            .Problems;
    }
}
