using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Silo.Runner;

/// <summary>Runs jobs with the learning library's fold and pretraining entry points.</summary>
public sealed class LearningJobExecutor : IJobExecutor
{
    public FoldResult RunFold(FoldJobRequest request, Stream? resumeFrom, IFoldJobObserver observer, CancellationToken cancellationToken) =>
        FoldJob.Run(request, resumeFrom, observer, cancellationToken);

    public PretrainResult RunPretraining(PretrainRequest request, Stream? resumeFrom, IPretrainObserver observer, CancellationToken cancellationToken) =>
        PretrainJob.Run(request, resumeFrom, observer, cancellationToken);
}
