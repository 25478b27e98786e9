using Grid.Storage;

namespace Grid.Silo.Storage;

/// <summary>The silo's two stores: checkpoints and artifacts, and uploaded datasets.</summary>
public sealed record GridStores(IBlobStore Artifacts, IBlobStore Datasets);
