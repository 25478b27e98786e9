using System.Threading.Channels;
using Grid.Grains;

namespace Grid.Client;

/// <summary>
/// Follows an experiment through snapshots pushed by its grain (an observer, renewed every 30 s):
/// redraws the table in a terminal, or prints a plain block per change when stdout is redirected.
/// </summary>
static class SweepWatcher
{
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);

    public static async Task<ExperimentSnapshot> WatchAsync(IClusterClient client, string id, CancellationToken cancellationToken)
    {
        var grain = client.GetGrain<IExperimentGrain>(id);
        var updates = Channel.CreateUnbounded<ExperimentSnapshot>();
        var observer = new ChannelObserver(updates.Writer);
        var reference = client.CreateObjectReference<IExperimentObserver>(observer);
        var latest = await grain.GetSnapshotAsync(cancellationToken);
        Draw(latest);
        try
        {
            while (latest.State == ExperimentState.Running)
            {
                await grain.SubscribeAsync(reference, cancellationToken);
                using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                renewal.CancelAfter(Renewal);
                try
                {
                    while (latest.State == ExperimentState.Running)
                    {
                        latest = await updates.Reader.ReadAsync(renewal.Token);
                        Draw(latest);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    latest = await grain.GetSnapshotAsync(cancellationToken);
                }
            }
        }
        finally
        {
            await grain.UnsubscribeAsync(reference, CancellationToken.None);
            client.DeleteObjectReference<IExperimentObserver>(reference);
            // The runtime holds observers weakly: keep this one alive for the whole watch.
            GC.KeepAlive(observer);
        }
        return latest;
    }

    private static void Draw(ExperimentSnapshot snapshot)
    {
        if (!Console.IsOutputRedirected)
            Console.Write("\u001b[H\u001b[2J");
        Console.WriteLine(SweepTable.Render(snapshot));
    }

    private sealed class ChannelObserver(ChannelWriter<ExperimentSnapshot> writer) : IExperimentObserver
    {
        public void ExperimentChanged(ExperimentSnapshot snapshot) => writer.TryWrite(snapshot);
    }
}
