namespace Grid.Learning.Settings;

/// <summary>Collects the problems of one request record's <c>Validate()</c>.</summary>
public sealed class SettingChecks
{
    private readonly List<SettingProblem> problems = [];

    public IReadOnlyList<SettingProblem> Problems => problems;

    public SettingChecks Range(NumericRange range, double value)
    {
        if (range.Check(value) is { } problem) problems.Add(problem);
        return this;
    }

    public SettingChecks Require(bool condition, string field, string reason)
    {
        if (!condition) problems.Add(new SettingProblem(field, reason));
        return this;
    }

    /// <summary>A nested record's problems, under its field name.</summary>
    public SettingChecks Nested(string field, IEnumerable<SettingProblem> nested)
    {
        problems.AddRange(nested.Select(problem => problem.Under(field)));
        return this;
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem of <paramref name="record"/>; nothing when there are none.</summary>
    public static void ThrowIfAny(IReadOnlyList<SettingProblem> problems, string record)
    {
        if (problems.Count > 0)
            throw new ArgumentException($"{record}: {string.Join("; ", problems)}");
    }
}
