using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Grid.Grains;

/// <summary>
/// The cluster-wide scheduler: a <see cref="JobBoard"/> in memory. It never awaits a job grain (those
/// await it), so lost leases are reported one-way. On activation it asks the registry to re-drive every
/// unfinished experiment, which rebuilds the queue from the job grains' stored state. It follows cluster
/// membership: the leases of a silo declared dead are revoked at once; the lease timeout remains for runners
/// that are alive but silent. Idle runners are told when there is work, and a runner when one of its leases is revoked
/// (<see cref="RunnerNotifier"/>); polls and heartbeats remain the safety net.
/// </summary>
public sealed partial class SchedulerGrain(
    IOptions<SchedulerOptions> options,
    IClusterMembershipService membership,
    TimeProvider clock,
    ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain
{
    private readonly JobBoard _board = new(options.Value.LeaseTimeout);
    private readonly CancellationTokenSource _deactivating = new();
    private readonly RunnerNotifier _runners = new(options.Value.LeaseTimeout, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(ExpireLeasesAsync, new GrainTimerCreationOptions(options.Value.ExpiryCheckInterval, options.Value.ExpiryCheckInterval) { KeepAlive = true });
        _ = WatchMembershipAsync(_deactivating.Token);
        _ = RedriveAsync();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating.Cancel();
        _deactivating.Dispose();
        return Task.CompletedTask;
    }

    public Task EnqueueAsync(JobTicket ticket, CancellationToken cancellationToken = default)
    {
        _board.Enqueue(ticket);
        NotifyIdleRunners();
        return Task.CompletedTask;
    }

    public Task SetGatedFoldsAsync(string jobId, int gatedFolds, CancellationToken cancellationToken = default)
    {
        _board.SetGatedFolds(jobId, gatedFolds);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string jobId, CancellationToken cancellationToken = default)
    {
        // A cancelled or stopped job's runner hears of it now, not at its next epoch report or heartbeat.
        if (_board.Remove(jobId) is { } revoked) _runners.Revoked(revoked.Silo, revoked.LeaseId);
        return Task.CompletedTask;
    }

    public Task AdoptLeaseAsync(JobTicket ticket, Guid leaseId, string silo, CancellationToken cancellationToken = default)
    {
        _board.Adopt(ticket, leaseId, silo, [], clock.GetUtcNow());
        // A re-driven job whose silo died while no scheduler was active: it must not wait for the lease to expire.
        RevokeDeadSilos(membership.CurrentSnapshot);
        return Task.CompletedTask;
    }

    public Task<bool> HoldsLeaseAsync(string jobId, Guid leaseId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_board.Holds(jobId, leaseId));

    public Task<bool> ConfirmLeaseAsync(JobTicket ticket, Guid leaseId, string silo, CancellationToken cancellationToken = default) =>
        Task.FromResult(_board.Confirm(ticket, leaseId, silo, clock.GetUtcNow()));

    public Task<JobAssignment?> PollAsync(string silo, int slot, CancellationToken cancellationToken = default)
    {
        _runners.Polled(silo);
        var assignment = _board.Poll(silo, slot, clock.GetUtcNow());
        if (assignment is not null) LogAssigned(assignment.Ticket.JobId, silo, slot);
        return Task.FromResult(assignment);
    }

    public Task<IReadOnlyList<JobAssignment>> PollManyAsync(string silo, IReadOnlyList<int> slots, CancellationToken cancellationToken = default)
    {
        _runners.Polled(silo);
        var assignments = _board.PollMany(silo, slots, clock.GetUtcNow());
        foreach (var assignment in assignments) LogAssigned(assignment.Ticket.JobId, silo, assignment.Slots[0]);
        return Task.FromResult(assignments);
    }

    public Task<HeartbeatReply> HeartbeatAsync(RunnerHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        var reply = new HeartbeatReply(_board.Heartbeat(heartbeat, clock.GetUtcNow(), out var unvouched));
        // Leases this activation never issued (it was restarted): only the job grain's record of its holder adopts one.
        foreach (var jobId in unvouched)
        {
            LogUnvouched(jobId, heartbeat.Silo);
            JobGrains.Get(GrainFactory, jobId).ResumeAsync().Ignore();
        }
        // A runner registering (or re-registering after this grain moved) hears at once of jobs already queued.
        if (heartbeat.Observer is { } observer && _runners.Register(heartbeat.Silo, observer))
            NotifyIdleRunners();
        return Task.FromResult(reply);
    }

    public Task ReleaseAsync(string jobId, Guid leaseId, CancellationToken cancellationToken = default)
    {
        _board.Release(jobId, leaseId);
        NotifyIdleRunners();
        return Task.CompletedTask;
    }

    public Task SetExperimentLimitAsync(string experimentId, int maxConcurrentTrials, CancellationToken cancellationToken = default)
    {
        _board.SetLimit(experimentId, maxConcurrentTrials);
        NotifyIdleRunners();
        return Task.CompletedTask;
    }

    public Task<ClusterView> GetClusterAsync(CancellationToken cancellationToken = default) => Task.FromResult(_board.View());

    public Task<IReadOnlyList<SiloView>> GetSilosAsync(CancellationToken cancellationToken = default) => Task.FromResult(_board.Silos());

    private Task ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        foreach (var lease in _board.Expire(clock.GetUtcNow() - options.Value.LeaseTimeout))
        {
            LogLeaseLost(lease.Ticket.JobId, lease.Silo);
            JobGrains.Get(GrainFactory, lease.Ticket.JobId).LeaseLostAsync(lease.LeaseId).Ignore();
        }
        return Task.CompletedTask;
    }

    /// <summary>Runs on the grain's scheduler, one membership snapshot per turn, until the grain deactivates.</summary>
    private async Task WatchMembershipAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping))
                RevokeDeadSilos(snapshot);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Deactivated: the next activation watches again.
        }
        catch (Exception error)
        {
            LogMembershipWatchFailed(error);
        }
    }

    private void RevokeDeadSilos(ClusterMembershipSnapshot snapshot)
    {
        foreach (var member in snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead))
        {
            var silo = member.SiloAddress.ToString();
            _runners.Forget(silo);
            foreach (var lease in _board.SiloDead(silo))
            {
                LogSiloDead(lease.Ticket.JobId, silo);
                JobGrains.Get(GrainFactory, lease.Ticket.JobId).LeaseLostAsync(lease.LeaseId).Ignore();
            }
        }
    }

    private void NotifyIdleRunners() => _runners.Notify(_board.SilosWithFreeSlots());

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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Silo} runs {JobId} under a lease this scheduler did not issue: its job grain is asked for its holder")]
    private partial void LogUnvouched(string jobId, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease of {JobId} on {Silo} expired: job re-queued")]
    private partial void LogLeaseLost(string jobId, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} was declared dead: its job {JobId} is re-queued")]
    private partial void LogSiloDead(string jobId, string silo);

    [LoggerMessage(Level = LogLevel.Error, Message = "Following cluster membership stopped; dead silos' leases now wait for the lease timeout")]
    private partial void LogMembershipWatchFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-driving unfinished experiments failed")]
    private partial void LogRedriveFailed(Exception error);
}
