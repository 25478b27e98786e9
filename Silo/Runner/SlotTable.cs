using Grid.Grains;

namespace Grid.Silo.Runner;

/// <summary>This silo's slots and what each runs, shared by the slot threads and the heartbeat loop.</summary>
public sealed class SlotTable(IReadOnlyList<SlotInfo> slots)
{
    private readonly object _gate = new();
    private readonly Dictionary<int, SlotInfo> _slots = slots.ToDictionary(s => s.Slot);
    private readonly Dictionary<Guid, CancellationTokenSource> _running = [];

    public IReadOnlyList<SlotInfo> Snapshot()
    {
        lock (_gate) return _slots.Values.OrderBy(s => s.Slot).ToArray();
    }

    public SlotInfo Get(int slot)
    {
        lock (_gate) return _slots[slot];
    }

    public bool IsBusy(int slot)
    {
        lock (_gate) return _slots[slot].LeaseId is not null;
    }

    /// <summary>Marks the assignment's slots busy; the returned source cancels the job.</summary>
    public CancellationTokenSource Occupy(JobAssignment assignment, CancellationToken stopping)
    {
        lock (_gate)
        {
            foreach (var slot in assignment.Slots)
                _slots[slot] = _slots[slot] with { JobId = assignment.Ticket.JobId, LeaseId = assignment.LeaseId };
            var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _running[assignment.LeaseId] = cancellation;
            return cancellation;
        }
    }

    public void Free(JobAssignment assignment)
    {
        lock (_gate)
        {
            foreach (var slot in assignment.Slots)
                _slots[slot] = _slots[slot] with { JobId = null, LeaseId = null };
            if (_running.Remove(assignment.LeaseId, out var cancellation)) cancellation.Dispose();
        }
    }

    public void Cancel(Guid leaseId)
    {
        lock (_gate)
            if (_running.TryGetValue(leaseId, out var cancellation)) cancellation.Cancel();
    }
}
