using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Grid.Storage;

/// <summary>One file of an uploaded dataset: its path under the dataset, SHA-256 (hex) and size.</summary>
public sealed record DatasetManifestFile(string Path, string Sha256, long Bytes);

/// <summary>
/// An uploaded dataset's version: <c>grid data upload</c> writes it after the dataset's files, as blob
/// <see cref="BlobName"/> (outside every dataset's prefix, since a dataset name cannot start with '_'). Its
/// <see cref="Version"/> is a hash of every file's path and content hash, so uploading other content gives another
/// version and a silo whose cached copy holds an older one downloads the dataset again. Only the listed files belong to
/// the version (blobs left over from an earlier upload are not downloaded).
/// </summary>
public sealed record DatasetManifest(string Version, IReadOnlyList<DatasetManifestFile> Files)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Bytes of the dataset, all files together.</summary>
    public long Bytes => Files.Sum(file => file.Bytes);

    /// <summary>The manifest blob of dataset <paramref name="dataset"/> in the dataset store.</summary>
    public static string BlobName(string dataset) => $"_manifests/{dataset}.json";

    /// <summary>The manifest of these files; the version does not depend on their order.</summary>
    public static DatasetManifest Of(IEnumerable<DatasetManifestFile> files)
    {
        var ordered = files.OrderBy(file => file.Path, StringComparer.Ordinal).ToArray();
        var listing = string.Concat(ordered.Select(file => $"{file.Path}\n{file.Sha256}\n"));
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing)))[..16];
        return new DatasetManifest(version, ordered);
    }

    /// <summary>SHA-256 of a stream's content, as lower-case hex.</summary>
    public static async Task<string> HashAsync(Stream content, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));

    public Task WriteAsync(IBlobStore store, string dataset, CancellationToken cancellationToken) =>
        store.WriteAsync(BlobName(dataset), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(this, Json)), cancellationToken);

    /// <summary>The dataset's manifest, or null for a dataset uploaded before manifests were written.</summary>
    public static async Task<DatasetManifest?> ReadAsync(IBlobStore store, string dataset, CancellationToken cancellationToken)
    {
        Stream content;
        try
        {
            content = await store.OpenReadAsync(BlobName(dataset), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        await using (content)
        {
            try
            {
                return await JsonSerializer.DeserializeAsync<DatasetManifest>(content, Json, cancellationToken)
                       ?? throw new InvalidDataException($"{BlobName(dataset)} in {store.Address} is empty");
            }
            catch (JsonException error)
            {
                throw new InvalidDataException($"{BlobName(dataset)} in {store.Address} is not a dataset manifest: {error.Message}", error);
            }
        }
    }
}
