using Azure.Storage.Blobs;
using Grid.Configuration;

namespace Grid.Storage;

/// <summary>The grid's two blob stores: checkpoints and artifacts, and uploaded datasets.</summary>
public sealed record GridStores(IBlobStore Artifacts, IBlobStore Datasets)
{
    /// <summary>
    /// The stores the settings name, as silos, the console and <c>grid data upload</c> all open them: folders
    /// <c>artifacts/</c> and <c>datasets/</c> under <c>Storage:LocalDirectory</c> in localhost mode, else the
    /// <c>Storage:ArtifactContainer</c> and <c>Storage:DatasetContainer</c> containers of the storage account.
    /// </summary>
    public static GridStores Open(GridSettings settings)
    {
        var (cluster, storage) = settings;
        if (cluster.IsLocalhost)
            return new GridStores(
                new DirectoryBlobStore(Path.Combine(storage.LocalDirectory, "artifacts")),
                new DirectoryBlobStore(Path.Combine(storage.LocalDirectory, "datasets")));
        var blobs = new BlobServiceClient(storage.ResolveConnectionString());
        return new GridStores(
            new AzureBlobStore(blobs.GetBlobContainerClient(storage.ArtifactContainer)),
            new AzureBlobStore(blobs.GetBlobContainerClient(storage.DatasetContainer)));
    }
}
