namespace Grid.Grains;

/// <summary>A job a slot holds: the lease, the silo and the slots it occupies, when its holder was last heard.</summary>
public sealed record JobLease(JobTicket Ticket, Guid LeaseId, string Silo, IReadOnlyList<int> Slots, DateTimeOffset LastSeen);

/// <summary>
/// The scheduler's bookkeeping as a plain class: queued jobs, leases, silos' slots and per-experiment
/// limits. Hands a free slot the fair next job: the experiment with the fewest running jobs first; within that,
/// the critical path first (a job that gates folds, the more folds the sooner: a pretraining run that fine-tune
/// folds wait for), then the oldest ticket; never past an experiment's limit of concurrently running trials. A sweep
/// with a stopping rule interleaves its folds: within it, the earliest fold position goes first. Each experiment's queued
/// tickets are kept in that order and the leases counted as they come and go (<see cref="QueueIndex"/>,
/// <see cref="LeaseIndex"/>), so a hand-out costs in the number of experiments, not of queued tickets and leases.
/// </summary>
public sealed class JobBoard(TimeSpan vouchPatience)
{
    private readonly Dictionary<string, JobTicket> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobLease> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SiloView> _silos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _limits = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _revoked = [];
    private readonly QueueIndex _queueIndex = new();
    private readonly LeaseIndex _leaseIndex = new();
    private readonly Dictionary<Guid, Unvouched> _unvouched = [];

    /// <summary>A board that waits a default lease timeout for a job grain to vouch for a lease it did not issue.</summary>
    public JobBoard() : this(new SchedulerOptions().LeaseTimeout)
    {
    }

    public IReadOnlyCollection<JobTicket> Queued => _queued.Values;

    public IReadOnlyCollection<JobLease> Leases => _leases.Values;

    /// <summary>
    /// Queues a job, replacing an older ticket. A job that holds a lease keeps it and is not queued: that lease was handed
    /// out just before the job's grain heard of it (a resume re-enqueues a queued job), and its holder is about to begin.
    /// A lease that never begins expires, or is released, and its job grain queues the job again.
    /// </summary>
    public void Enqueue(JobTicket ticket)
    {
        if (_leases.ContainsKey(ticket.JobId)) return;
        Queue(ticket);
    }

    /// <summary>True while the board holds exactly this lease for the job (the fencing token a runner must show).</summary>
    public bool Holds(string jobId, Guid leaseId) => _leases.TryGetValue(jobId, out var lease) && lease.LeaseId == leaseId;

    /// <summary>
    /// A job grain shows the job running under this lease: true when the board holds it, or knew nothing of the job (a
    /// restarted scheduler) and adopts it, to expire unless its holder's heartbeats renew it; false when the lease was
    /// revoked or the job is queued or leased to another (the grain then treats its lease as lost). Renews nothing.
    /// </summary>
    public bool Confirm(JobTicket ticket, Guid leaseId, string silo, DateTimeOffset now)
    {
        if (Holds(ticket.JobId, leaseId)) return true;
        if (_revoked.Contains(leaseId) || _leases.ContainsKey(ticket.JobId) || _queued.ContainsKey(ticket.JobId)) return false;
        Adopt(ticket, leaseId, silo, [], now);
        return true;
    }

    /// <summary>Updates how many folds a queued job gates; a running job keeps its lease untouched.</summary>
    public void SetGatedFolds(string jobId, int gatedFolds)
    {
        if (_queued.TryGetValue(jobId, out var ticket))
            Queue(ticket with { GatedFolds = gatedFolds });
    }

    /// <summary>Takes a job off the board (cancelled or stopped); returns the lease it revoked, whose runner should stop now.</summary>
    public JobLease? Remove(string jobId)
    {
        Unqueue(jobId);
        var revoked = Revoke(jobId);
        foreach (var (leaseId, _) in _unvouched.Where(u => u.Value.JobId == jobId).ToArray())
            Refuse(leaseId);
        return revoked;
    }

    public void Release(string jobId, Guid leaseId)
    {
        if (_leases.TryGetValue(jobId, out var lease) && lease.LeaseId == leaseId)
            Revoke(jobId);
    }

    public void SetLimit(string experimentId, int maxConcurrentTrials) => _limits[experimentId] = maxConcurrentTrials;

    /// <summary>
    /// Records a running job's lease as its job grain (the authority) shows it, or renews a known one from its runner's
    /// heartbeat. A lease its runner reported before the grain vouched for it keeps the slots that runner named.
    /// </summary>
    public void Adopt(JobTicket ticket, Guid leaseId, string silo, IReadOnlyList<int> slots, DateTimeOffset now)
    {
        if (_revoked.Contains(leaseId)) return;
        if (_unvouched.Remove(leaseId, out var reported) && slots.Count == 0)
            (silo, slots) = (reported.Silo, reported.Slots);
        Unqueue(ticket.JobId);
        SetLease(_leases.TryGetValue(ticket.JobId, out var known) && known.LeaseId == leaseId
            ? known with { LastSeen = now, Slots = slots.Count > 0 ? slots : known.Slots }
            : new JobLease(ticket, leaseId, silo, slots, now));
    }

    /// <summary>Renews the silo and its leases; returns the leases its runner must cancel.</summary>
    public IReadOnlyList<Guid> Heartbeat(RunnerHeartbeat heartbeat, DateTimeOffset now) => Heartbeat(heartbeat, now, out _);

    /// <summary>
    /// Renews the silo and the leases this board holds; returns the leases its runner must cancel: revoked ones, and any
    /// lease of a job that is queued or held under another lease. A heartbeat never adopts a lease by itself (a zombie
    /// could take a job back so): a lease of a job the board knows nothing of (it was restarted) waits, neither renewed
    /// nor cancelled, for the job grain, which the caller asks about the jobs of <paramref name="askJobGrains"/>, to vouch
    /// for it (<see cref="Adopt"/>, from the grain's record of its holder); unvouched after the patience, it is cancelled.
    /// </summary>
    public IReadOnlyList<Guid> Heartbeat(RunnerHeartbeat heartbeat, DateTimeOffset now, out IReadOnlyList<string> askJobGrains)
    {
        _silos[heartbeat.Silo] = new SiloView(heartbeat.Silo, heartbeat.Slots, now);
        var (cancel, ask) = (new List<Guid>(), new List<string>());
        var running = heartbeat.Slots.Where(s => s is { JobId: not null, LeaseId: not null }).GroupBy(s => (JobId: s.JobId!, LeaseId: s.LeaseId!.Value));
        foreach (var slots in running)
        {
            var ((jobId, leaseId), occupied) = (slots.Key, slots.Select(s => s.Slot).ToArray());
            if (_leases.TryGetValue(jobId, out var known) && known.LeaseId == leaseId)
                Adopt(known.Ticket, leaseId, heartbeat.Silo, occupied, now);
            else if (_revoked.Contains(leaseId) || known is not null || _queued.ContainsKey(jobId))
            {
                Refuse(leaseId);
                cancel.Add(leaseId);
            }
            else if (!_unvouched.TryGetValue(leaseId, out var waiting))
            {
                _unvouched[leaseId] = new Unvouched(jobId, heartbeat.Silo, occupied, now);
                ask.Add(jobId);
            }
            else if (now - waiting.FirstSeen >= vouchPatience)
            {
                Refuse(leaseId);
                cancel.Add(leaseId);
            }
            else
                _unvouched[leaseId] = waiting with { Silo = heartbeat.Silo, Slots = occupied };
        }
        askJobGrains = ask;
        return cancel;
    }

    /// <summary>The next job for a free slot of a known silo, or null; the job's lease is recorded.</summary>
    public JobAssignment? Poll(string silo, int slot, DateTimeOffset now)
    {
        if (!_silos.TryGetValue(silo, out var view)) return null;
        var polling = view.Slots.FirstOrDefault(s => s.Slot == slot);
        if (polling is null) return null;
        var busy = HeldSlots(silo).ToHashSet();
        if (busy.Contains(slot)) return null;

        var freeLike = FreeSlotsLike(view, polling, busy).Count();
        bool Eligible(JobTicket t) => Specs.SweepPlanner.Fits(polling, t.Accelerator) && freeLike >= t.Devices && WithinLimit(t);
        // Each experiment's first eligible ticket (its tickets are kept in order), then the fairest of those: a poll
        // looks at the experiments, not at every queued ticket.
        JobTicket? first = null;
        var firstRunning = 0;
        foreach (var (experiment, tickets) in _queueIndex.Experiments)
        {
            var running = _leaseIndex.Running(experiment);
            if (first is not null && running > firstRunning) continue;
            if (tickets.FirstOrDefault(Eligible) is { } best && (first is null || Fairer(best, running, first, firstRunning)))
                (first, firstRunning) = (best, running);
        }
        if (first is null) return null;
        var chosen = first.InterleavedPosition == 0 ? first : EarliestFold(_queueIndex.Of(first.ExperimentId).Where(Eligible), first);

        var slots = new[] { slot }.Concat(FreeSlotsLike(view, polling, busy).Where(s => s != slot).Take(chosen.Devices - 1)).ToArray();
        var lease = new JobLease(chosen, Guid.NewGuid(), silo, slots, now);
        Unqueue(chosen.JobId);
        SetLease(lease);
        return new JobAssignment(chosen, lease.LeaseId, slots);
    }

    /// <summary>
    /// Jobs for several free slots of a silo, each picked as <see cref="Poll"/> picks it, in the order of
    /// <paramref name="slots"/>; a slot that a job of several devices took along gets nothing more.
    /// </summary>
    public IReadOnlyList<JobAssignment> PollMany(string silo, IEnumerable<int> slots, DateTimeOffset now)
    {
        var assignments = new List<JobAssignment>();
        foreach (var slot in slots)
        {
            if (_queued.Count == 0) break;
            if (Poll(silo, slot, now) is { } assignment) assignments.Add(assignment);
        }
        return assignments;
    }

    /// <summary>Drops leases and silos not heard from since <paramref name="deadline"/>; returns the lost leases.</summary>
    public IReadOnlyList<JobLease> Expire(DateTimeOffset deadline)
    {
        foreach (var silo in _silos.Values.Where(s => s.LastSeen < deadline).ToArray())
            _silos.Remove(silo.Silo);
        var lost = _leases.Values.Where(l => l.LastSeen < deadline).ToArray();
        foreach (var lease in lost)
            Revoke(lease.Ticket.JobId);
        foreach (var (leaseId, _) in _unvouched.Where(u => u.Value.FirstSeen < deadline).ToArray())
            Refuse(leaseId);
        return lost;
    }

    /// <summary>
    /// Forgets a silo that cluster membership declared dead and revokes its leases at once, without waiting for them to
    /// expire; returns the revoked leases (their jobs go back to the queue).
    /// </summary>
    public IReadOnlyList<JobLease> SiloDead(string silo)
    {
        _silos.Remove(silo);
        var lost = _leases.Values.Where(l => l.Silo == silo).ToArray();
        foreach (var lease in lost)
            Revoke(lease.Ticket.JobId);
        return lost;
    }

    /// <summary>While jobs are queued, the known silos with at least one slot that no lease holds (where one might start now); none otherwise.</summary>
    public IReadOnlyList<string> SilosWithFreeSlots()
    {
        if (_queued.Count == 0) return [];
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (silo, slots) in _leases.Values.Select(l => (l.Silo, l.Slots)).Concat(_unvouched.Values.Select(u => (u.Silo, u.Slots))))
            held[silo] = held.GetValueOrDefault(silo) + Math.Max(slots.Count, 1);
        return _silos.Values.Where(s => s.Slots.Count > held.GetValueOrDefault(s.Silo)).Select(s => s.Silo).ToArray();
    }

    public ClusterView View()
    {
        var holders = new Dictionary<(string Silo, int Slot), JobLease>();
        foreach (var lease in _leases.Values)
            foreach (var slot in lease.Slots)
                holders.TryAdd((lease.Silo, slot), lease);
        return new(
            _silos.Values.OrderBy(s => s.Silo, StringComparer.Ordinal).Select(silo => WithLeases(silo, holders)).ToArray(),
            _queued.Values.OrderBy(t => t.EnqueuedAt).ToArray());
    }

    /// <summary>The known silos and their slots as their runners last reported them.</summary>
    public IReadOnlyList<SiloView> Silos() => _silos.Values.OrderBy(s => s.Silo, StringComparer.Ordinal).ToArray();

    private static SiloView WithLeases(SiloView silo, Dictionary<(string Silo, int Slot), JobLease> holders) => silo with
    {
        Slots = silo.Slots.Select(slot =>
            holders.TryGetValue((silo.Silo, slot.Slot), out var lease)
                ? slot with { JobId = lease.Ticket.JobId, LeaseId = lease.LeaseId }
                : slot with { JobId = null, LeaseId = null }).ToArray(),
    };

    /// <summary>
    /// Within the experiment (and critical-path level) fairness chose, an interleaving sweep's earliest fold position
    /// first: fold 1 of every trial before fold 2 of any, so that a stopping rule compares trials on the same folds.
    /// </summary>
    private static JobTicket EarliestFold(IEnumerable<JobTicket> candidates, JobTicket first)
    {
        var earliest = first;
        foreach (var t in candidates.Where(t => t.ExperimentId == first.ExperimentId && t.GatedFolds == first.GatedFolds && t.InterleavedPosition > 0))
            if (t.InterleavedPosition < earliest.InterleavedPosition
                || (t.InterleavedPosition == earliest.InterleavedPosition && Older(t, earliest)))
                earliest = t;
        return earliest;
    }

    /// <summary>Fewer running jobs of its experiment, then more gated folds, then older: the order a free slot takes jobs in.</summary>
    private static bool Fairer(JobTicket ticket, int running, JobTicket other, int otherRunning) =>
        running != otherRunning ? running < otherRunning
        : ticket.GatedFolds != other.GatedFolds ? ticket.GatedFolds > other.GatedFolds
        : Older(ticket, other);

    private static bool Older(JobTicket ticket, JobTicket other) =>
        ticket.EnqueuedAt != other.EnqueuedAt ? ticket.EnqueuedAt < other.EnqueuedAt : string.CompareOrdinal(ticket.JobId, other.JobId) < 0;

    private bool WithinLimit(JobTicket ticket)
    {
        if (!_limits.TryGetValue(ticket.ExperimentId, out var limit)) return true;
        var (trials, holds) = _leaseIndex.ActiveTrials(ticket.ExperimentId, ticket.TrialKey);
        if (trials == 0) return limit > 0;
        return holds || trials < limit;
    }

    private static IEnumerable<int> FreeSlotsLike(SiloView silo, SlotInfo polling, HashSet<int> busy) =>
        silo.Slots.Where(s => s.IsGpu == polling.IsGpu && !busy.Contains(s.Slot)).Select(s => s.Slot);

    /// <summary>Slots of <paramref name="silo"/> that a lease holds, or that a runner reports busy under a lease not yet vouched for.</summary>
    private IEnumerable<int> HeldSlots(string silo) =>
        _leaseIndex.OnSilo(silo).SelectMany(l => l.Slots)
            .Concat(_unvouched.Values.Where(u => u.Silo == silo).SelectMany(u => u.Slots));

    private JobLease? Revoke(string jobId)
    {
        if (!_leases.Remove(jobId, out var lease)) return null;
        _leaseIndex.Remove(lease);
        _revoked.Add(lease.LeaseId);
        return lease;
    }

    /// <summary>Queues a ticket, replacing the job's older one; every change to the queue goes through here or <see cref="Unqueue"/>.</summary>
    private void Queue(JobTicket ticket)
    {
        Unqueue(ticket.JobId);
        _queued[ticket.JobId] = ticket;
        _queueIndex.Add(ticket);
    }

    private void Unqueue(string jobId)
    {
        if (_queued.Remove(jobId, out var ticket)) _queueIndex.Remove(ticket);
    }

    /// <summary>Records a lease, replacing the job's older one; every lease is added here and removed in <see cref="Revoke"/>.</summary>
    private void SetLease(JobLease lease)
    {
        if (_leases.TryGetValue(lease.Ticket.JobId, out var known)) _leaseIndex.Remove(known);
        _leases[lease.Ticket.JobId] = lease;
        _leaseIndex.Add(lease);
    }

    /// <summary>A lease that is not the job's current one: its runner is told to stop at each heartbeat from now on.</summary>
    private void Refuse(Guid leaseId)
    {
        _unvouched.Remove(leaseId);
        _revoked.Add(leaseId);
    }

    /// <summary>A lease a runner reported that this board neither issued nor adopted: the slots it occupies, since when.</summary>
    private sealed record Unvouched(string JobId, string Silo, IReadOnlyList<int> Slots, DateTimeOffset FirstSeen);
}
