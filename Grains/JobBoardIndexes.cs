namespace Grid.Grains;

/// <summary>
/// The queued tickets of each experiment in the order a free slot takes them within it: the more folds a job gates the
/// sooner, then the oldest, then by job id. With these a poll looks at each experiment's first tickets instead of the
/// whole queue (thousands of tickets at a thousand slots).
/// </summary>
internal sealed class QueueIndex
{
    private static readonly Comparer<JobTicket> WithinExperiment = Comparer<JobTicket>.Create((a, b) =>
        a.GatedFolds != b.GatedFolds ? b.GatedFolds.CompareTo(a.GatedFolds)
        : a.EnqueuedAt != b.EnqueuedAt ? a.EnqueuedAt.CompareTo(b.EnqueuedAt)
        : string.CompareOrdinal(a.JobId, b.JobId));

    private readonly Dictionary<string, SortedSet<JobTicket>> _byExperiment = new(StringComparer.Ordinal);

    /// <summary>The experiments with queued tickets, each with its tickets in order.</summary>
    public IEnumerable<KeyValuePair<string, SortedSet<JobTicket>>> Experiments => _byExperiment;

    public IEnumerable<JobTicket> Of(string experimentId) =>
        _byExperiment.TryGetValue(experimentId, out var tickets) ? tickets : [];

    public void Add(JobTicket ticket)
    {
        if (!_byExperiment.TryGetValue(ticket.ExperimentId, out var tickets))
            _byExperiment[ticket.ExperimentId] = tickets = new SortedSet<JobTicket>(WithinExperiment);
        tickets.Add(ticket);
    }

    public void Remove(JobTicket ticket)
    {
        if (!_byExperiment.TryGetValue(ticket.ExperimentId, out var tickets)) return;
        tickets.Remove(ticket);
        if (tickets.Count == 0) _byExperiment.Remove(ticket.ExperimentId);
    }
}

/// <summary>What the leases hold, kept as leases come and go: jobs running per experiment, leases per trial, leases per silo.</summary>
internal sealed class LeaseIndex
{
    private readonly Dictionary<string, int> _runningByExperiment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _trialsByExperiment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, JobLease>> _bySilo = new(StringComparer.Ordinal);

    public int Running(string experimentId) => _runningByExperiment.GetValueOrDefault(experimentId);

    /// <summary>How many trials of the experiment hold a lease, and whether this one does.</summary>
    public (int Trials, bool Holds) ActiveTrials(string experimentId, string trialKey) =>
        _trialsByExperiment.TryGetValue(experimentId, out var trials) ? (trials.Count, trials.ContainsKey(trialKey)) : (0, false);

    public IEnumerable<JobLease> OnSilo(string silo) => _bySilo.TryGetValue(silo, out var leases) ? leases.Values : [];

    public void Add(JobLease lease)
    {
        var ticket = lease.Ticket;
        _runningByExperiment[ticket.ExperimentId] = Running(ticket.ExperimentId) + 1;
        if (!_trialsByExperiment.TryGetValue(ticket.ExperimentId, out var trials))
            _trialsByExperiment[ticket.ExperimentId] = trials = new Dictionary<string, int>(StringComparer.Ordinal);
        trials[ticket.TrialKey] = trials.GetValueOrDefault(ticket.TrialKey) + 1;
        if (!_bySilo.TryGetValue(lease.Silo, out var leases))
            _bySilo[lease.Silo] = leases = new Dictionary<string, JobLease>(StringComparer.Ordinal);
        leases[ticket.JobId] = lease;
    }

    public void Remove(JobLease lease)
    {
        var ticket = lease.Ticket;
        if (Running(ticket.ExperimentId) <= 1) _runningByExperiment.Remove(ticket.ExperimentId);
        else _runningByExperiment[ticket.ExperimentId]--;
        if (_trialsByExperiment.TryGetValue(ticket.ExperimentId, out var trials))
        {
            if (trials.GetValueOrDefault(ticket.TrialKey) <= 1) trials.Remove(ticket.TrialKey);
            else trials[ticket.TrialKey]--;
            if (trials.Count == 0) _trialsByExperiment.Remove(ticket.ExperimentId);
        }
        if (_bySilo.TryGetValue(lease.Silo, out var leases))
        {
            leases.Remove(ticket.JobId);
            if (leases.Count == 0) _bySilo.Remove(lease.Silo);
        }
    }
}
