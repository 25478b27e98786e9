namespace Grid.Silo.Runner;

/// <summary>
/// Decides which checkpoints a job no longer needs under a <see cref="CheckpointRetention"/>: after each epoch whose
/// checkpoint is durable and accepted, the previous last and best checkpoints that are neither the new last nor the
/// new best. A job without an accuracy (pretraining, <c>rankByAccuracy</c> false) keeps only its last checkpoint.
/// Ties keep the earlier checkpoint as the best, as the fold's best epoch is the first with the highest accuracy.
/// </summary>
public sealed class CheckpointKeeper(CheckpointRetention retention, string? last, string? best, double bestAccuracy, bool rankByAccuracy)
{
    private string? _last = last;
    private string? _best = rankByAccuracy ? best : null;
    private double _bestAccuracy = best is null ? double.NegativeInfinity : bestAccuracy;

    public string? Last => _last;

    public string? Best => _best;

    /// <summary>Records an accepted epoch's checkpoint; returns the checkpoints to delete now.</summary>
    public IReadOnlyList<string> Accepted(string checkpoint, double accuracy)
    {
        var before = new[] { _last, _best };
        _last = checkpoint;
        if (rankByAccuracy && (_best is null || accuracy > _bestAccuracy))
            (_best, _bestAccuracy) = (checkpoint, accuracy);
        if (retention == CheckpointRetention.All) return [];
        return before.OfType<string>().Where(blob => blob != _last && blob != _best).Distinct(StringComparer.Ordinal).ToArray();
    }
}
