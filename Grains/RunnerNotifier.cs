using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Grid.Grains;

/// <summary>
/// The scheduler's push to runners (work for idle slots, a revoked lease): each silo's <see cref="IRunnerObserver"/>, kept in an Orleans
/// <see cref="ObserverManager{TIdentity,TObserver}"/> whose entries expire unless a heartbeat renews them. A silo is told
/// at most once until it next polls, so a burst of ten thousand enqueues sends each idle silo one notice, not ten
/// thousand. A notice that is lost leaves the silo marked until its next poll: the runner's poll interval is the safety net.
/// </summary>
public sealed class RunnerNotifier(TimeSpan expiry, ILogger logger)
{
    private readonly ObserverManager<string, IRunnerObserver> _observers = new(expiry, logger);
    private readonly HashSet<string> _awaitingPoll = new(StringComparer.Ordinal);

    /// <summary>Notices sent so far.</summary>
    public long Sent { get; private set; }

    /// <summary>Registers or renews a silo's observer; true when it is new (or replaces another), false when renewed.</summary>
    public bool Register(string silo, IRunnerObserver observer)
    {
        var known = _observers.Observers.TryGetValue(silo, out var previous) && previous.Equals(observer);
        _observers.Subscribe(silo, observer);
        if (!known) _awaitingPoll.Remove(silo);
        return !known;
    }

    /// <summary>The silo asked for work: the next notice may reach it again.</summary>
    public void Polled(string silo) => _awaitingPoll.Remove(silo);

    /// <summary>A silo that left the cluster (or stopped heartbeating) is told nothing more.</summary>
    public void Forget(string silo)
    {
        _observers.Unsubscribe(silo);
        _awaitingPoll.Remove(silo);
    }

    /// <summary>Tells <paramref name="silo"/>'s runner that <paramref name="leaseId"/> was revoked; a lost notice leaves it to the heartbeat's reply.</summary>
    public void Revoked(string silo, Guid leaseId)
    {
        if (!_observers.Observers.TryGetValue(silo, out var target)) return;
        _observers.Notify(observer => observer.LeaseRevoked(leaseId), observer => observer.Equals(target));
        RevocationsSent++;
    }

    /// <summary>Revocation notices sent so far.</summary>
    public long RevocationsSent { get; private set; }

    /// <summary>Tells each of <paramref name="idleSilos"/> that is registered and not yet told since its last poll.</summary>
    public void Notify(IEnumerable<string> idleSilos)
    {
        if (_observers.Count == 0) return;
        var targets = new HashSet<IRunnerObserver>();
        var registered = _observers.Observers;
        foreach (var silo in idleSilos)
            if (!_awaitingPoll.Contains(silo) && registered.TryGetValue(silo, out var observer) && targets.Add(observer))
                _awaitingPoll.Add(silo);
        if (targets.Count == 0) return;
        _observers.Notify(observer => observer.WorkAvailable(), targets.Contains);
        Sent += targets.Count;
    }
}
