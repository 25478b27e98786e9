namespace Grid.Learning.Settings;

/// <summary>
/// One setting a request record refuses: <see cref="Field"/> is its JSON path relative to the record (camelCase, as a
/// spec spells it, e.g. <c>training.learningRate</c>), <see cref="Reason"/> says what is wrong and what was given.
/// </summary>
public sealed record SettingProblem(string Field, string Reason)
{
    /// <summary>The same problem under a parent path (<c>pretraining</c> + <c>queueSize</c> = <c>pretraining.queueSize</c>).</summary>
    public SettingProblem Under(string prefix) => this with { Field = prefix.Length == 0 ? Field : $"{prefix}.{Field}" };

    public override string ToString() => $"{Field}: {Reason}";
}
