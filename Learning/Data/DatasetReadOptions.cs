namespace Grid.Learning.Data;

/// <summary>How DCASE 2013 scenes are split into folds.</summary>
public enum Dcase2013Split
{
    /// <summary>The challenge's split: fold 1 = development set, fold 2 = (formerly private) test set.</summary>
    DevelopmentTest,
    /// <summary>Five seeded, class-stratified folds over all recordings found.</summary>
    FiveFold,
}

/// <summary>Options every dataset reader accepts; each reader uses the ones that apply to it.</summary>
public sealed record DatasetReadOptions
{
    /// <summary>Listed files that are missing (and, when decoding, corrupt) are skipped with a problem instead of failing.</summary>
    public bool SkipBad { get; init; }
    /// <summary>Experiment seed; the seeded splits (GTZAN, DCASE five folds) derive theirs from it.</summary>
    public long Seed { get; init; }
    /// <summary>ESC-50 only: keep the ESC-10 subset (esc10 = True), relabelled 0..9.</summary>
    public bool Esc10 { get; init; }
    public Dcase2013Split DcaseSplit { get; init; } = Dcase2013Split.DevelopmentTest;
}
