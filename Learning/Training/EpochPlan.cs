using Grid.Learning.Runtime;

namespace Grid.Learning.Training;

/// <summary>
/// Everything random in one epoch comes from seeds derived from the job seed and the epoch number, so a run
/// resumed after epoch e draws exactly what an uninterrupted run draws, with no RNG state saved. Torch's global
/// generator is never used while training: it is shared by every job in the process.
/// </summary>
public static class EpochPlan
{
    /// <summary>The epoch's System.Random (batch order, augmentation).</summary>
    public static Random Begin(long seed, int epoch) => Seeds.Random(seed, "epoch", epoch);

    /// <summary>The seed of the epoch's torch generator (NPID noise draws).</summary>
    public static long TorchSeed(long seed, int epoch) => Seeds.Derive(seed, "epoch", epoch, "torch");

    /// <summary>
    /// The clips' indices shuffled into batches of <paramref name="batchSize"/>. A trailing batch smaller than
    /// <paramref name="minimumLastBatch"/> is dropped (BatchNorm cannot train on one clip; MoCo's queue needs full batches).
    /// </summary>
    public static List<int[]> Batches(int count, int batchSize, int minimumLastBatch, Random random)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "BatchSize must be at least 1");
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return InOrder(order, batchSize).Where(batch => batch.Length >= Math.Min(minimumLastBatch, batchSize)).ToList();
    }

    /// <summary>Consecutive batches without shuffling (evaluation).</summary>
    public static IEnumerable<int[]> InOrder(int count, int batchSize) => InOrder(Enumerable.Range(0, count).ToArray(), batchSize);

    private static IEnumerable<int[]> InOrder(int[] order, int batchSize)
    {
        for (var start = 0; start < order.Length; start += batchSize)
            yield return order[start..Math.Min(start + batchSize, order.Length)];
    }
}
