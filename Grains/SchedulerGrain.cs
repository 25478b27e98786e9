using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains;

/// <summary>
/// The cluster-wide scheduler: a <see cref="JobBoard"/> in memory. It never awaits a job grain (those
/// await it), so lost leases are reported one-way. On activation it asks the registry to re-drive every
/// unfinished experiment, which rebuilds the queue from the job grains' stored state.
/// </summary>
public sealed partial class SchedulerGrain(
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain
{
    private readonly JobBoard _board = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(ExpireLeasesAsync, new GrainTimerCreationOptions(options.Value.ExpiryCheckInterval, options.Value.ExpiryCheckInterval) { KeepAlive = true });
        _ = RedriveAsync();
        return Task.CompletedTask;
    }

    public Task EnqueueAsync(JobTicket ticket, CancellationToken cancellationToken = default)
    {
        _board.Enqueue(ticket);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string jobId, CancellationToken cancellationToken = default)
    {
        _board.Remove(jobId);
        return Task.CompletedTask;
    }

    public Task AdoptLeaseAsync(JobTicket ticket, Guid leaseId, string silo, CancellationToken cancellationToken = default)
    {
        _board.Adopt(ticket, leaseId, silo, [], clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<JobAssignment?> PollAsync(string silo, int slot, CancellationToken cancellationToken = default)
    {
        var assignment = _board.Poll(silo, slot, clock.GetUtcNow());
        if (assignment is not null) LogAssigned(assignment.Ticket.JobId, silo, slot);
        return Task.FromResult(assignment);
    }

    public Task<HeartbeatReply> HeartbeatAsync(RunnerHeartbeat heartbeat, CancellationToken cancellationToken = default) =>
        Task.FromResult(new HeartbeatReply(_board.Heartbeat(heartbeat, clock.GetUtcNow())));

    public Task ReleaseAsync(string jobId, Guid leaseId, CancellationToken cancellationToken = default)
    {
        _board.Release(jobId, leaseId);
        return Task.CompletedTask;
    }

    public Task SetExperimentLimitAsync(string experimentId, int maxConcurrentTrials, CancellationToken cancellationToken = default)
    {
        _board.SetLimit(experimentId, maxConcurrentTrials);
        return Task.CompletedTask;
    }

    public Task<ClusterView> GetClusterAsync(CancellationToken cancellationToken = default) => Task.FromResult(_board.View());

    private Task ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        foreach (var lease in _board.Expire(clock.GetUtcNow() - options.Value.LeaseTimeout))
        {
            LogLeaseLost(lease.Ticket.JobId, lease.Silo);
            JobGrains.Get(GrainFactory, lease.Ticket.JobId).LeaseLostAsync(lease.LeaseId).Ignore();
        }
        return Task.CompletedTask;
    }

    private async Task RedriveAsync()
    {
        try
        {
            await GrainFactory.GetGrain<IExperimentRegistryGrain>(GrainKeys.Singleton).ResumeAllAsync();
        }
        catch (Exception error)
        {
            LogRedriveFailed(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned {JobId} to {Silo} slot {Slot}")]
    private partial void LogAssigned(string jobId, string silo, int slot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease of {JobId} on {Silo} expired: job re-queued")]
    private partial void LogLeaseLost(string jobId, string silo);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-driving unfinished experiments failed")]
    private partial void LogRedriveFailed(Exception error);
}
