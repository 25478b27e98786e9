namespace Grid.Bench;

/// <summary>Whether a row's measured ratio meets its goal.</summary>
public enum Verdict { Met, Missed, Info, NotRun }

/// <summary>
/// One line of docs/BENCHMARKS.md: what was measured, against which reference, both figures (with units),
/// the ratio the goal is stated in, the goal and whether it was met, and the command that measured it.
/// </summary>
public sealed record BenchRow(
    string Measured,
    string Reference,
    string Ours,
    string Theirs,
    double? Ratio,
    string Goal,
    Verdict Verdict,
    string Command)
{
    /// <summary>A row whose measurement did not run, with the reason in place of the figures.</summary>
    public static BenchRow NotRun(string measured, string reference, string goal, string reason, string command) =>
        new(measured, reference, reason, "—", null, goal, Verdict.NotRun, command);

    /// <summary>A figure shown for scale, with no goal of its own.</summary>
    public static BenchRow Informative(string measured, string reference, string ours, string theirs, double ratio, string command) =>
        new(measured, reference, ours, theirs, ratio, "—", Verdict.Info, command);

    /// <summary>A row whose goal is "ratio at least <paramref name="minimum"/>".</summary>
    public static BenchRow AtLeast(string measured, string reference, string ours, string theirs, double ratio, double minimum, string command) =>
        new(measured, reference, ours, theirs, ratio, $"≥ {minimum:0.###}", ratio >= minimum ? Verdict.Met : Verdict.Missed, command);

    /// <summary>A row whose goal is "ratio at most <paramref name="maximum"/>" (or below it, when <paramref name="strict"/>).</summary>
    public static BenchRow AtMost(string measured, string reference, string ours, string theirs, double ratio, double maximum, string command, bool strict = false) =>
        new(measured, reference, ours, theirs, ratio, $"{(strict ? "<" : "≤")} {maximum:0.#####}",
            (strict ? ratio < maximum : ratio <= maximum) ? Verdict.Met : Verdict.Missed, command);
}
