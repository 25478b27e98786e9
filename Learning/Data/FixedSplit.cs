namespace Grid.Learning.Data;

/// <summary>
/// A dataset's fixed train/validation/test split, which it has instead of cross-validation folds (GTZAN's seeded
/// 70/15/15 split, folds 1-3). Jobs train on the training split only, pick the epoch on the validation split and
/// report the test split, as the thesis does: the job holding out the validation split also tests on the test split.
/// </summary>
public sealed record FixedSplit(int Training, int Validation, int Test)
{
    /// <summary>The split a job holding out <paramref name="fold"/> also tests on: the test split for the validation split, else null.</summary>
    public int? TestSplitFor(int fold) => fold == Validation ? Test : null;

    /// <summary>Why a sweep cannot hold out <paramref name="fold"/> of <paramref name="layout"/>, or null when it can (the validation split only).</summary>
    public string? WhyNotHeldOut(string layout, int fold) =>
        fold == Training ? $"{layout}'s split {Training} is its training split; hold out {Validation} (valid)"
        : fold == Test ? $"{layout}'s split {Test} is its test split, evaluated by the job that holds out {Validation} (valid) at every epoch; hold out {Validation}"
        : null;
}
