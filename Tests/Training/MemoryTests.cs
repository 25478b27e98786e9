using Grid.Learning.Training;
using TorchSharp;
using Xunit;

namespace Grid.Tests.Training;

[Trait("Category", "Slow")]
public sealed class MemoryTests
{
    [Fact]
    public void LiveTensorsDoNotGrowOverManyEpochs()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var liveAfterEpoch = new List<long>();
        var observer = new RecordingObserver
        {
            OnEpoch = _ => liveAfterEpoch.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount),
        };
        var request = data.Request(Protocol.Scratch, epochs: 22);
        FoldJob.Run(request, null, observer, CancellationToken.None);

        Assert.Equal(22, liveAfterEpoch.Count);
        Assert.True(liveAfterEpoch[^1] <= liveAfterEpoch[2],
            $"live tensors grew from {liveAfterEpoch[2]} after epoch 3 to {liveAfterEpoch[^1]} after epoch 22: {string.Join(", ", liveAfterEpoch)}");
    }
}
