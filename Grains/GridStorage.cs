namespace Grid.Grains;

/// <summary>The grain storage provider every grid grain persists to.</summary>
public static class GridStorage
{
    public const string Name = "grid";
}
