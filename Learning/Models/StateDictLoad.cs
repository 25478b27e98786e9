using static TorchSharp.torch;

namespace Grid.Learning.Models;

/// <summary>What loading a state dict into a module left out: keys the module has that the source lacks, and the reverse.</summary>
public sealed record StateDictLoadReport(IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected)
{
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0;
}

/// <summary>Copies a named state dict into a module's parameters and buffers, checking names and shapes.</summary>
public static class StateDictLoad
{
    /// <summary>
    /// Copies every source tensor whose name the module has into it (converting dtype and device).
    /// A shape mismatch is an error naming the key; missing and unexpected keys are reported, or are an
    /// error when <paramref name="strict"/>. <paramref name="source"/> names the origin in messages.
    /// </summary>
    public static StateDictLoadReport Into(nn.Module module, IReadOnlyDictionary<string, Tensor> state, string source, bool strict)
    {
        var target = module.state_dict();
        var missing = target.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var mismatched = target.Keys
            .Where(state.ContainsKey)
            .Where(k => !target[k].shape.SequenceEqual(state[k].shape))
            .Select(k => $"{k}: {source} has {Shape(state[k])}, the model expects {Shape(target[k])}")
            .ToList();
        if (mismatched.Count > 0)
            throw new InvalidDataException($"{source}: shape mismatch for {mismatched.Count} key(s): {string.Join("; ", mismatched)}");
        var report = new StateDictLoadReport(missing, unexpected);
        if (strict && !report.IsExact)
            throw new InvalidDataException($"{source}: state dict does not fit the model. {Describe(report)}");
        using (no_grad())
        {
            foreach (var (name, tensor) in target)
                if (state.TryGetValue(name, out var value)) tensor.copy_(value);
        }
        return report;
    }

    /// <summary>"missing keys: a, b; unexpected keys: c" (or "all keys matched").</summary>
    public static string Describe(StateDictLoadReport report)
    {
        var parts = new List<string>();
        if (report.Missing.Count > 0) parts.Add($"missing keys ({report.Missing.Count}): {string.Join(", ", report.Missing)}");
        if (report.Unexpected.Count > 0) parts.Add($"unexpected keys ({report.Unexpected.Count}): {string.Join(", ", report.Unexpected)}");
        return parts.Count == 0 ? "all keys matched" : string.Join("; ", parts);
    }

    private static string Shape(Tensor tensor) => "[" + string.Join("×", tensor.shape) + "]";
}
