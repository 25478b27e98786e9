namespace Grid.Grains;

/// <summary>A job a slot holds: the lease, the silo and the slots it occupies, when its holder was last heard.</summary>
public sealed record JobLease(JobTicket Ticket, Guid LeaseId, string Silo, IReadOnlyList<int> Slots, DateTimeOffset LastSeen);

/// <summary>
/// The scheduler's bookkeeping as a plain class: queued jobs, leases, silos' slots and per-experiment
/// limits. Hands a free slot the fair next job: the experiment with the fewest running jobs first; within that,
/// the critical path first (a job that gates folds, the more folds the sooner: a pretraining run that fine-tune
/// folds wait for), then the oldest ticket; never past an experiment's limit of concurrently running trials. A sweep
/// with a stopping rule interleaves its folds: within it, the earliest fold position goes first.
/// </summary>
public sealed class JobBoard(TimeSpan vouchPatience)
{
    private readonly Dictionary<string, JobTicket> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobLease> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SiloView> _silos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _limits = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _revoked = [];
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
        _queued[ticket.JobId] = ticket;
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
            _queued[jobId] = ticket with { GatedFolds = gatedFolds };
    }

    public void Remove(string jobId)
    {
        _queued.Remove(jobId);
        Revoke(jobId);
        foreach (var (leaseId, _) in _unvouched.Where(u => u.Value.JobId == jobId).ToArray())
            Refuse(leaseId);
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
        _queued.Remove(ticket.JobId);
        _leases[ticket.JobId] = _leases.TryGetValue(ticket.JobId, out var known) && known.LeaseId == leaseId
            ? known with { LastSeen = now, Slots = slots.Count > 0 ? slots : known.Slots }
            : new JobLease(ticket, leaseId, silo, slots, now);
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

        // Once per poll, not per queued ticket: with thousands queued and hundreds of slots the per-ticket form dominated.
        var (freeLike, activeTrials) = (FreeSlotsLike(view, polling, busy).Count(), ActiveTrialsOfLimitedExperiments());
        var running = _leases.Values.GroupBy(l => l.Ticket.ExperimentId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var candidates = _queued.Values
            .Where(t => Specs.SweepPlanner.Fits(polling, t.Accelerator))
            .Where(t => freeLike >= t.Devices)
            .Where(t => WithinLimit(t, activeTrials))
            .ToArray();
        var first = candidates
            .OrderBy(t => running.GetValueOrDefault(t.ExperimentId))
            .ThenByDescending(t => t.GatedFolds)
            .ThenBy(t => t.EnqueuedAt)
            .ThenBy(t => t.JobId, StringComparer.Ordinal)
            .FirstOrDefault();
        if (first is null) return null;
        var chosen = first.InterleavedPosition == 0 ? first : EarliestFold(candidates, first);

        var slots = new[] { slot }.Concat(FreeSlotsLike(view, polling, busy).Where(s => s != slot).Take(chosen.Devices - 1)).ToArray();
        var lease = new JobLease(chosen, Guid.NewGuid(), silo, slots, now);
        _queued.Remove(chosen.JobId);
        _leases[chosen.JobId] = lease;
        return new JobAssignment(chosen, lease.LeaseId, slots);
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

    public ClusterView View() => new(
        _silos.Values.OrderBy(s => s.Silo, StringComparer.Ordinal).Select(WithLeases).ToArray(),
        _queued.Values.OrderBy(t => t.EnqueuedAt).ToArray());

    private SiloView WithLeases(SiloView silo) => silo with
    {
        Slots = silo.Slots.Select(slot =>
            _leases.Values.FirstOrDefault(l => l.Silo == silo.Silo && l.Slots.Contains(slot.Slot)) is { } lease
                ? slot with { JobId = lease.Ticket.JobId, LeaseId = lease.LeaseId }
                : slot with { JobId = null, LeaseId = null }).ToArray(),
    };

    /// <summary>
    /// Within the experiment (and critical-path level) fairness chose, an interleaving sweep's earliest fold position
    /// first: fold 1 of every trial before fold 2 of any, so that a stopping rule compares trials on the same folds.
    /// </summary>
    private static JobTicket EarliestFold(IEnumerable<JobTicket> candidates, JobTicket first) => candidates
        .Where(t => t.ExperimentId == first.ExperimentId && t.GatedFolds == first.GatedFolds && t.InterleavedPosition > 0)
        .OrderBy(t => t.InterleavedPosition)
        .ThenBy(t => t.EnqueuedAt)
        .ThenBy(t => t.JobId, StringComparer.Ordinal)
        .First();

    private bool WithinLimit(JobTicket ticket, Dictionary<string, HashSet<string>> activeTrials)
    {
        if (!_limits.TryGetValue(ticket.ExperimentId, out var limit)) return true;
        if (!activeTrials.TryGetValue(ticket.ExperimentId, out var active)) return limit > 0;
        return active.Contains(ticket.TrialKey) || active.Count < limit;
    }

    /// <summary>The trials running now, by experiment, of the experiments that have a limit.</summary>
    private Dictionary<string, HashSet<string>> ActiveTrialsOfLimitedExperiments()
    {
        var active = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var lease in _leases.Values.Where(l => _limits.ContainsKey(l.Ticket.ExperimentId)))
        {
            if (!active.TryGetValue(lease.Ticket.ExperimentId, out var trials))
                active[lease.Ticket.ExperimentId] = trials = new HashSet<string>(StringComparer.Ordinal);
            trials.Add(lease.Ticket.TrialKey);
        }
        return active;
    }

    private static IEnumerable<int> FreeSlotsLike(SiloView silo, SlotInfo polling, HashSet<int> busy) =>
        silo.Slots.Where(s => s.IsGpu == polling.IsGpu && !busy.Contains(s.Slot)).Select(s => s.Slot);

    /// <summary>Slots of <paramref name="silo"/> that a lease holds, or that a runner reports busy under a lease not yet vouched for.</summary>
    private IEnumerable<int> HeldSlots(string silo) =>
        _leases.Values.Where(l => l.Silo == silo).SelectMany(l => l.Slots)
            .Concat(_unvouched.Values.Where(u => u.Silo == silo).SelectMany(u => u.Slots));

    private void Revoke(string jobId)
    {
        if (_leases.Remove(jobId, out var lease))
            _revoked.Add(lease.LeaseId);
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
