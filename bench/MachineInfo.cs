namespace Grid.Bench;

/// <summary>The machine a run measured on: logical cores and CPU model (from /proc/cpuinfo on Linux).</summary>
public sealed record MachineInfo(int Cores, string CpuModel)
{
    public override string ToString() => $"{Cores} cores, {CpuModel}";

    public static MachineInfo Current() => new(Environment.ProcessorCount, CpuModelName());

    private static string CpuModelName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return "unknown CPU";
        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
