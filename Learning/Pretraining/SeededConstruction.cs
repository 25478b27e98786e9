using static TorchSharp.torch;

namespace Grid.Learning.Pretraining;

/// <summary>
/// TorchSharp's layer constructors draw their initial weights from torch's process-wide generator. Jobs share the
/// process, so construction seeds that generator and builds under one lock: the same seed gives the same heads
/// whatever other jobs do meanwhile.
/// </summary>
public static class SeededConstruction
{
    private static readonly Lock GlobalGenerator = new();

    public static T Build<T>(long seed, Func<T> construct)
    {
        lock (GlobalGenerator)
        {
            manual_seed(seed);
            return construct();
        }
    }
}
