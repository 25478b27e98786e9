using Grid.Grains;
using Grid.Learning.Runtime;
using Grid.Silo.Configuration;

namespace Grid.Silo.Runner;

/// <summary>The slots a silo offers: one per CUDA device it uses, then the configured CPU slots.</summary>
public static class SlotPlanner
{
    public static IReadOnlyList<SlotInfo> Plan(RunnerSettings settings)
    {
        var gpus = settings.Gpus switch
        {
            0 => 0,
            -1 => TorchDevice.CudaDeviceCount,
            var wanted => Math.Min(wanted, TorchDevice.CudaDeviceCount),
        };
        var slots = Enumerable.Range(0, gpus).Select(device => new SlotInfo(device, true, device, settings.ThreadsPerSlot, null, null));
        var cpu = Enumerable.Range(gpus, settings.CpuSlots).Select(slot => new SlotInfo(slot, false, 0, settings.ThreadsPerSlot, null, null));
        return slots.Concat(cpu).ToArray();
    }
}
