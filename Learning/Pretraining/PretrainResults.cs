namespace Grid.Learning.Pretraining;

public sealed record PretrainResult(IReadOnlyList<double> EpochLosses)
{
    /// <summary>Clips skipped because they could not be decoded (SkipBadClips), as "path: reason".</summary>
    public IReadOnlyList<string> SkippedClips { get; init; } = [];

    /// <summary>
    /// Settings the run adapted to its corpus or that work differently on it (a MoCo queue longer than the clips, a
    /// batch larger than them), one sentence each; also stored in the checkpoint (<see cref="PretrainedMethod.Warnings"/>).
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>What a pretraining run tells its host after each epoch. Called on the run's own thread.</summary>
public interface IPretrainObserver
{
    /// <summary>An epoch has finished; <paramref name="writeCheckpoint"/> writes a resumable checkpoint (the final one is the encoder that fold jobs start from).</summary>
    void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint);

    /// <summary>
    /// Seconds the run's thread waited for prepared batches in <paramref name="epoch"/>; called just before that epoch's
    /// <see cref="EpochCompleted"/>. Ignored unless implemented.
    /// </summary>
    void EpochDataWait(int epoch, double dataWaitSeconds) { }

    /// <summary>How the first build of the run's waveform store goes, at most every two seconds; ignored unless implemented.</summary>
    void DataProgress(Data.StoreProgress progress) { }
}
