using Azure;
using Azure.Storage.Blobs;

namespace Grid.Storage;

/// <summary>Blobs in one Azure Storage container, created on first use.</summary>
public sealed class AzureBlobStore(BlobContainerClient container) : IBlobStore
{
    private Task? _created;

    public string Address => container.Uri.ToString();

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        await CreatedAsync();
        var start = content.CanSeek ? content.Position : -1;
        try
        {
            await container.GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken);
        }
        catch (RequestFailedException error) when (error.ErrorCode == "ContainerNotFound" && start >= 0)
        {
            // The container went away (a storage emulator restarted without its last writes): create it again, once.
            _created = null;
            await CreatedAsync();
            content.Position = start;
            await container.GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken);
        }
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        await CreatedAsync();
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

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await CreatedAsync();
        await container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Creates the container once; a failed attempt (storage unreachable) is tried again by the next call.</summary>
    private async Task CreatedAsync()
    {
        var created = _created ??= container.CreateIfNotExistsAsync();
        try
        {
            await created;
        }
        catch
        {
            _ = Interlocked.CompareExchange(ref _created, null, created);
            throw;
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        await CreatedAsync();
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
            names.Add(item.Name);
        return names;
    }
}
