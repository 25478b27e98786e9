namespace Grid.Storage;

/// <summary>Blobs as files under a folder (localhost mode and tests).</summary>
public sealed class DirectoryBlobStore(string root) : IBlobStore
{
    public string Address => Path.GetFullPath(root);

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        await using (var file = File.Create(partial))
            await content.CopyToAsync(file, cancellationToken);
        File.Move(partial, path, overwrite: true);
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        if (!File.Exists(path)) throw new FileNotFoundException($"no blob {name} in {Address}", name);
        return Task.FromResult<Stream>(File.OpenRead(path));
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root)) return Task.FromResult<IReadOnlyList<string>>([]);
        var names = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".partial", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult<IReadOnlyList<string>>(names);
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(name));
        return Task.CompletedTask;
    }

    private string PathOf(string name) => PathContainment.Under(Address, name, "blob name");
}
