namespace Grid.Learning.Data;

/// <summary>The dataset layouts by name.</summary>
public static class DatasetLayouts
{
    private static readonly IDatasetLayout[] All =
    [
        new UrbanSound8KLayout(),
        new Esc50Layout(),
        new GtzanLayout(),
        new Dcase2013Layout(),
        new Fsd50kLayout(),
        new CsvLayout(),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(l => l.Name).ToArray();

    /// <summary>The layout with this name; an unknown name is an <see cref="ArgumentException"/> listing the known ones.</summary>
    public static IDatasetLayout Get(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown dataset layout '{name}'; known: {string.Join(", ", Names)}", nameof(name));

    /// <summary>The layout with this name (any case), or null.</summary>
    public static IDatasetLayout? Find(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the folder with the named layout.</summary>
    public static DatasetIndex Read(string name, string root, DatasetReadOptions? options = null) =>
        Get(name).Read(root, options ?? new DatasetReadOptions());
}
