using Azure;
using Azure.Storage.Blobs;

namespace Grid.Storage;

/// <summary>Blobs in one Azure Storage container, created on first use.</summary>
public sealed class AzureBlobStore(BlobContainerClient container) : IBlobStore
{
    private readonly Lazy<Task> _created = new(() => container.CreateIfNotExistsAsync());

    public string Address => container.Uri.ToString();

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        await _created.Value;
        await container.GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        await _created.Value;
        try
        {
            var download = await container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            throw new FileNotFoundException($"no blob {name} in {Address}", name, error);
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        await _created.Value;
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
            names.Add(item.Name);
        return names;
    }
}
