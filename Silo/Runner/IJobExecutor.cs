using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Silo.Runner;

/// <summary>Runs a job synchronously on the calling (dedicated) thread; the learning library's entry points behind an interface.</summary>
public interface IJobExecutor
{
    FoldResult RunFold(FoldJobRequest request, Stream? resumeFrom, IFoldJobObserver observer, CancellationToken cancellationToken);

    PretrainResult RunPretraining(PretrainRequest request, Stream? resumeFrom, IPretrainObserver observer, CancellationToken cancellationToken);
}
