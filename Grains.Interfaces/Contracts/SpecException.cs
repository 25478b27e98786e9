namespace Grid.Grains.Specs;

/// <summary>A sweep spec was refused; <see cref="Field"/> is the JSON path of the offending field.</summary>
[GenerateSerializer]
public sealed class SpecException : Exception
{
    public SpecException(string field, string problem) : base($"{field}: {problem}")
    {
        Field = field;
    }

    [Id(0)]
    public string Field { get; }
}
