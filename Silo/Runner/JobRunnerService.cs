using Grid.Grains;
using Grid.Silo.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Grid.Silo.Runner;

/// <summary>
/// The silo's job runner: one dedicated thread per slot asks the scheduler for work and runs it (never
/// on a grain turn or the thread pool), while a heartbeat loop renews the leases of running jobs and registers the
/// runner's <see cref="WorkSignal"/> with the scheduler, which wakes idle slots when there is work; an idle slot
/// otherwise asks again only after <see cref="RunnerSettings.PollInterval"/>.
/// </summary>
public sealed partial class JobRunnerService(
    IGrainFactory grains,
    ILocalSiloDetails siloDetails,
    SlotTable slots,
    JobExecution execution,
    IOptions<RunnerSettings> settings,
    ILogger<JobRunnerService> logger) : BackgroundService
{
    private readonly WorkSignal _signal = new();
    private IRunnerObserver? _observer;

    private ISchedulerGrain Scheduler => grains.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);
    private string Silo => siloDetails.SiloAddress.ToString();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // The runtime holds observers weakly: _signal, a field of this service, keeps the reference alive.
        _observer = grains.CreateObjectReference<IRunnerObserver>(_signal);
        var finished = slots.Snapshot().Select(slot => StartSlotThread(slot.Slot, stopping)).ToArray();
        LogStarted(Silo, finished.Length);
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

    private Task StartSlotThread(int slot, CancellationToken stopping)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                SlotLoop(slot, stopping);
            }
            catch (Exception error)
            {
                LogSlotStopped(error, slot);
            }
            finally
            {
                finished.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"grid-slot-{slot}",
        };
        thread.Start();
        return finished.Task;
    }

    private void SlotLoop(int slot, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            JobAssignment? assignment = null;
            var notices = _signal.Version;
            try
            {
                if (!slots.IsBusy(slot))
                    assignment = Scheduler.PollAsync(Silo, slot, stopping).GetAwaiter().GetResult();
            }
            catch (Exception error)
            {
                // An exception must not leave a dedicated thread: it would end the process.
                if (stopping.IsCancellationRequested) break;
                LogPollFailed(error, slot);
            }

            if (assignment is null)
            {
                _signal.Wait(notices, settings.Value.PollInterval, stopping);
                continue;
            }

            var cancellation = slots.Occupy(assignment, stopping);
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
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Runner of {Silo} started with {Slots} slots")]
    private partial void LogStarted(string silo, int slots);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat to the scheduler failed")]
    private partial void LogHeartbeatFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slot {Slot} stopped on an unexpected error")]
    private partial void LogSlotStopped(Exception error, int slot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slot {Slot} could not poll the scheduler")]
    private partial void LogPollFailed(Exception error, int slot);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reporting on {JobId} failed; its lease will expire and the job be re-queued")]
    private partial void LogRunFailed(Exception error, string jobId);
}
