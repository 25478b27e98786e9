using Azure;
using Grid.Configuration;
using Grid.Storage;
using Microsoft.Extensions.Configuration;

namespace Grid.Client.SweepReports;

/// <summary>
/// The grid's artifact store as the silos open it, from the same configuration: a folder
/// (<c>Storage:LocalDirectory/artifacts</c>) in localhost mode, the <c>Storage:ArtifactContainer</c> container otherwise.
/// </summary>
public static class ArtifactStores
{
    public static IBlobStore FromConfiguration(IConfiguration configuration) => GridStores.Open(GridSettings.Load(configuration)).Artifacts;

    /// <summary>Reads one MessagePack artifact; a missing blob or storage that does not answer fails with one line naming it.</summary>
    public static async Task<T> ReadAsync<T>(IBlobStore store, string blob, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(blob, cancellationToken);
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
            return ArtifactSerializer.Deserialize<T>(buffer);
        }
        catch (FileNotFoundException error)
        {
            throw new InvalidDataException($"artifact missing: {error.Message}", error);
        }
        catch (MessagePack.MessagePackSerializationException error)
        {
            throw new InvalidDataException($"artifact {blob} in {store.Address} is not a readable {typeof(T).Name}: {error.Message}", error);
        }
        catch (Exception error) when (error is RequestFailedException or HttpRequestException or AggregateException)
        {
            throw new GridUnreachableException($"cannot read artifacts from {store.Address}: {error.Message.Split('\n')[0]}", error);
        }
    }
}
