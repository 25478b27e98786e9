namespace Grid.Storage;

/// <summary>A flat store of named blobs (checkpoints, artifacts, dataset files).</summary>
public interface IBlobStore
{
    /// <summary>The address shown in errors (container URL or folder).</summary>
    string Address { get; }

    Task WriteAsync(string name, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a blob; throws <see cref="FileNotFoundException"/> naming it when missing.</summary>
    Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes a blob; a missing blob is no error.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);
}
