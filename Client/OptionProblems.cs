using System.Text;
using Grid.Learning.Settings;

namespace Grid.Client;

/// <summary>
/// Turns a request record's <see cref="SettingProblem"/>s into the command-line options that set them, so that the
/// CLI refuses a value with the learning library's own range check and names the option (<c>--batch-size: must be
/// in [1, 65536] (got 0)</c>).
/// </summary>
public static class OptionProblems
{
    // Fields whose option is not the kebab-case of the field's last part.
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["architecture"] = "--model",
        ["learningRate"] = "--lr",
        ["hopLength"] = "--hop",
        ["pitchShiftSemitones"] = "--pitch-shift",
        ["batchNormSplits"] = "--batchnorm-splits",
        ["warmupEpochs"] = "--warmup-epochs",
        ["layout"] = "--layout",
    };

    /// <summary>The option that sets <paramref name="field"/> (a record path such as <c>training.batchSize</c>).</summary>
    public static string OptionFor(string field)
    {
        var last = field[(field.LastIndexOf('.') + 1)..];
        if (Renamed.TryGetValue(last, out var option)) return option;
        var kebab = new StringBuilder("--");
        foreach (var c in last)
        {
            if (char.IsUpper(c)) kebab.Append('-').Append(char.ToLowerInvariant(c));
            else kebab.Append(c);
        }
        return kebab.ToString();
    }

    /// <summary>Throws a <see cref="BadOptionException"/> naming the option of the first problem; nothing when there are none.</summary>
    public static void ThrowIfAny(IReadOnlyList<SettingProblem> problems)
    {
        if (problems.Count > 0) throw new BadOptionException($"{OptionFor(problems[0].Field)}: {problems[0].Reason}");
    }
}
