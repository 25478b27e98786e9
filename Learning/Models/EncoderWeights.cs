using Grid.Learning.Checkpoints;
using static TorchSharp.torch;

namespace Grid.Learning.Models;

/// <summary>Loads user-given weights files into an encoder and exports an encoder for PyTorch.</summary>
public static class EncoderWeights
{
    private const string ClassifierPrefix = "fc.";
    private const string BatchCounterSuffix = ".num_batches_tracked";

    /// <summary>Loads <paramref name="path"/> (PyTorch .pt, safetensors, TorchSharp or grid checkpoint) into <paramref name="encoder"/>.</summary>
    /// <inheritdoc cref="Load(Encoder, IReadOnlyDictionary{string, Tensor}, string, bool)"/>
    public static WeightsLoadReport Load(Encoder encoder, string path, bool allowMissing = false)
    {
        using var scope = NewDisposeScope();
        var state = WeightsFile.Read(path);
        return Load(encoder, state, path, allowMissing);
    }

    /// <summary>
    /// Copies a state dict under torchvision's names into the encoder. A common key prefix (DataParallel's
    /// "module.", MoCo's "module.encoder_q.", a wrapping "state_dict.") is found and stripped. fc.* keys are
    /// reported as an ignored classifier; other unexpected keys are reported. Missing keys are an error
    /// unless <paramref name="allowMissing"/> (BatchNorm counters, absent from old files, never are);
    /// a shape mismatch is always an error naming the key.
    /// </summary>
    public static WeightsLoadReport Load(Encoder encoder, IReadOnlyDictionary<string, Tensor> state, string source, bool allowMissing = false)
    {
        var targetKeys = encoder.state_dict().Keys.ToHashSet(StringComparer.Ordinal);
        var prefix = CommonPrefix(state.Keys, targetKeys);
        var renamed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var ignored = new List<string>();
        var unexpected = new List<string>();
        foreach (var (key, tensor) in state)
        {
            var prefixed = key.StartsWith(prefix, StringComparison.Ordinal);
            var name = prefixed ? key[prefix.Length..] : key;
            if (prefixed && targetKeys.Contains(name)) renamed[name] = tensor;
            else if (name.StartsWith(ClassifierPrefix, StringComparison.Ordinal)) ignored.Add(key);
            else unexpected.Add(key);
        }
        if (renamed.Count == 0)
            throw new InvalidDataException(
                $"{source}: none of its {state.Count} keys matches the encoder's torchvision names (e.g. conv1.weight); first keys: {string.Join(", ", state.Keys.Take(5))}");

        var report = StateDictLoad.Into(encoder, renamed, source, strict: false);
        var missing = report.Missing;
        var seriousMissing = missing.Where(k => !k.EndsWith(BatchCounterSuffix, StringComparison.Ordinal)).ToList();
        if (seriousMissing.Count > 0 && !allowMissing)
            throw new InvalidDataException($"{source}: missing {seriousMissing.Count} encoder keys: {string.Join(", ", seriousMissing)}");
        return new WeightsLoadReport(source, prefix, renamed.Count, missing, Sorted(unexpected), Sorted(ignored));
    }

    /// <summary>Writes the encoder's state dict under torchvision's names (PyTorch .pt by default: <c>model.load_state_dict(torch.load(path))</c>).</summary>
    public static void Export(Encoder encoder, string path, WeightsFormat format = WeightsFormat.PyTorch) =>
        WeightsFile.Write(path, encoder.state_dict(), format);

    /// <summary>The prefix p, possibly empty, for which the most source keys read p + (an encoder key).</summary>
    private static string CommonPrefix(IEnumerable<string> sourceKeys, IReadOnlySet<string> targetKeys)
    {
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in sourceKeys)
        {
            // Try the key itself, then the key after each dot: "module.encoder_q.conv1.weight" -> "encoder_q.conv1.weight" -> ...
            for (var cut = 0; cut >= 0; cut = NextSegment(key, cut))
            {
                if (!targetKeys.Contains(key[cut..])) continue;
                var prefix = key[..cut];
                votes[prefix] = votes.GetValueOrDefault(prefix) + 1;
                break;
            }
        }
        return votes.Count == 0
            ? ""
            : votes.OrderByDescending(v => v.Value).ThenBy(v => v.Key.Length).First().Key;
    }

    private static int NextSegment(string key, int from)
    {
        var dot = key.IndexOf('.', from);
        return dot < 0 ? -1 : dot + 1;
    }

    private static List<string> Sorted(List<string> keys) => keys.Order(StringComparer.Ordinal).ToList();
}
