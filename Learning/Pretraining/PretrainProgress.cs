namespace Grid.Learning.Pretraining;

/// <summary>How far a pretraining run has got.</summary>
public sealed record PretrainProgress(PretrainMethod Method, int EpochsCompleted, List<double> EpochLosses)
{
    public static PretrainProgress Start(PretrainMethod method) => new(method, 0, []);
}
