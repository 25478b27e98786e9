using System.Collections.Concurrent;
using Grid.Grains;
using Grid.Silo.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Grid.Silo.Runner;

/// <summary>
/// The silo's job runner: one dedicated thread per slot runs the jobs it is handed (never on a grain turn or the thread
/// pool), one poller thread asks the scheduler for work for every idle slot at once (<see cref="ISchedulerGrain.PollManyAsync"/>)
/// and hands each slot its job, and a heartbeat loop renews the leases of running jobs and registers the runner's
/// <see cref="WorkSignal"/> with the scheduler, which wakes the poller when there is work and cancels a job whose lease it
/// revoked. A slot that frees wakes it
/// too; otherwise it asks again only after <see cref="RunnerSettings.PollInterval"/>. One call per silo, not one per
/// idle slot: with hundreds of idle slots, each queued job made every one of them ask.
/// </summary>
public sealed partial class JobRunnerService(
    IGrainFactory grains,
    ILocalSiloDetails siloDetails,
    SlotTable slots,
    JobExecution execution,
    IOptions<RunnerSettings> settings,
    ILogger<JobRunnerService> logger) : BackgroundService
{
    private readonly WorkSignal _signal = new(slots.Cancel);
    private readonly Dictionary<int, BlockingCollection<(JobAssignment Assignment, CancellationTokenSource Cancellation)>> _handed =
        slots.Snapshot().ToDictionary(slot => slot.Slot, _ => new BlockingCollection<(JobAssignment, CancellationTokenSource)>());
    private IRunnerObserver? _observer;

    private ISchedulerGrain Scheduler => grains.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);
    private string Silo => siloDetails.SiloAddress.ToString();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // The runtime holds observers weakly: _signal, a field of this service, keeps the reference alive.
        _observer = grains.CreateObjectReference<IRunnerObserver>(_signal);
        var finished = slots.Snapshot().Select(slot => StartThread($"grid-slot-{slot.Slot}", () => SlotLoop(slot.Slot, stopping))).ToList();
        finished.Add(StartThread("grid-poller", () => PollLoop(stopping)));
        LogStarted(Silo, finished.Count - 1);
        while (!stopping.IsCancellationRequested)
        {
            await HeartbeatAsync(stopping);
            try
            {
                await Task.Delay(settings.Value.HeartbeatInterval, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(finished);
    }

    private async Task HeartbeatAsync(CancellationToken stopping)
    {
        try
        {
            var reply = await Scheduler.HeartbeatAsync(new RunnerHeartbeat(Silo, slots.Snapshot()) { Observer = _observer }, stopping);
            foreach (var lease in reply.CancelLeases)
                slots.Cancel(lease);
        }
        catch (Exception error) when (!stopping.IsCancellationRequested)
        {
            LogHeartbeatFailed(error);
        }
    }

    private Task StartThread(string name, Action loop)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
            }
            catch (OperationCanceledException)
            {
                // The silo is stopping.
            }
            catch (Exception error)
            {
                LogThreadStopped(error, name);
            }
            finally
            {
                finished.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return finished.Task;
    }

    /// <summary>Asks for work for every idle slot, hands each slot its job, then waits for a notice, a freed slot or the poll interval.</summary>
    private void PollLoop(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var notices = _signal.Version;
            var idle = slots.Snapshot().Where(slot => slot.LeaseId is null).Select(slot => slot.Slot).ToArray();
            try
            {
                if (idle.Length > 0)
                    foreach (var assignment in Scheduler.PollManyAsync(Silo, idle, stopping).GetAwaiter().GetResult())
                        _handed[assignment.Slots[0]].Add((assignment, slots.Occupy(assignment, stopping)), CancellationToken.None);
            }
            catch (Exception error)
            {
                // An exception must not leave a dedicated thread: it would end the process.
                if (stopping.IsCancellationRequested) break;
                LogPollFailed(error);
            }
            _signal.Wait(notices, settings.Value.PollInterval, stopping);
        }
    }

    private void SlotLoop(int slot, CancellationToken stopping)
    {
        try
        {
            foreach (var (assignment, cancellation) in _handed[slot].GetConsumingEnumerable(stopping))
            {
                try
                {
                    execution.Run(Silo, assignment, slots.Get(slot), cancellation, stopping);
                }
                catch (Exception error)
                {
                    LogRunFailed(error, assignment.Ticket.JobId);
                }
                finally
                {
                    slots.Free(assignment);
                    _signal.Wake();
                }
            }
        }
        finally
        {
            // Stopping: a job handed to this slot but not begun goes back to the queue at once, as a stopped run does.
            while (_handed[slot].TryTake(out var left))
            {
                slots.Free(left.Assignment);
                JobGrains.Get(grains, left.Assignment.Ticket.JobId).LeaseLostAsync(left.Assignment.LeaseId).Ignore();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Runner of {Silo} started with {Slots} slots")]
    private partial void LogStarted(string silo, int slots);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat to the scheduler failed")]
    private partial void LogHeartbeatFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Runner thread {Thread} stopped on an unexpected error")]
    private partial void LogThreadStopped(Exception error, string thread);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The runner could not poll the scheduler")]
    private partial void LogPollFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reporting on {JobId} failed; its lease will expire and the job be re-queued")]
    private partial void LogRunFailed(Exception error, string jobId);
}
