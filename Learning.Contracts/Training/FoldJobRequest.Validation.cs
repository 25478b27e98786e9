using Grid.Learning.Settings;

namespace Grid.Learning.Training;

public sealed partial record FoldJobRequest
{
    /// <summary>Held-out fold: 1 to 1,000.</summary>
    public static readonly NumericRange FoldRange = NumericRange.Whole("fold", 1, 1_000);
    /// <summary>Intra-op threads (and data workers): 1 to 1,024.</summary>
    public static readonly NumericRange ThreadsRange = NumericRange.Whole("threads", 1, 1_024);
    /// <summary>Decoding threads: 1 to 1,024.</summary>
    public static readonly NumericRange DataWorkersRange = NumericRange.Whole("dataWorkers", 1, 1_024);
    /// <summary>CUDA device index: 0 to 63.</summary>
    public static readonly NumericRange DeviceRange = NumericRange.Whole("device", 0, 63);

    /// <summary>The numeric ranges of this record's own fields (its model, training and features have theirs).</summary>
    public static IReadOnlyList<NumericRange> Ranges { get; } = [FoldRange, ThreadsRange, DataWorkersRange, DeviceRange];

    /// <summary>
    /// Every setting outside its range, field by field (camelCase; nested records as <c>training.epochs</c>); empty
    /// when usable. The dataset root is not checked here: a spec leaves it for the runner to fill in.
    /// </summary>
    public IReadOnlyList<SettingProblem> Validate() =>
        new SettingChecks()
            .Require(!string.IsNullOrWhiteSpace(Layout), "layout", "required")
            .Range(FoldRange, Fold)
            .Require(Enum.IsDefined(Protocol), "protocol", $"'{Protocol}' is not finetune, freeze, knn, scratch or pretrained")
            .Require(Protocol != Protocol.Pretrained || InitPath is not null, "initPath", "the pretrained protocol needs a weights file")
            .Range(ThreadsRange, Threads)
            .Range(DataWorkersRange, DataWorkers)
            .Range(DeviceRange, Device)
            .Nested("model", Model.Validate())
            .Nested("training", Training.Validate())
            .Nested("features", Features.Validate())
            .Problems;
}
