namespace Grid.Configuration;

/// <summary>
/// Section <c>Storage</c>: Azure Storage (or a local folder in localhost mode) for state, artifacts and datasets,
/// bound alike by silo and console (<see cref="GridSettings"/>). Defaults: containers <c>grid-artifacts</c>,
/// <c>grid-datasets</c>, <c>grid-grains</c>, membership table <c>GridMembership</c>, local folder <c>.grid/storage</c>.
/// </summary>
public sealed class StorageSettings : IGridSettings
{
    public const string Section = "Storage";

    /// <summary>Azure Storage connection string; set it through the environment (GRID_Storage__ConnectionString), never in a committed file.</summary>
    public string? ConnectionString { get; set; }
    /// <summary>A file holding the connection string (a mounted secret), used when ConnectionString is empty.</summary>
    public string? ConnectionStringFile { get; set; }
    /// <summary>Blob container for checkpoints and artifacts.</summary>
    public string ArtifactContainer { get; set; } = "grid-artifacts";
    /// <summary>Blob container of uploaded datasets (<c>grid data upload</c>).</summary>
    public string DatasetContainer { get; set; } = "grid-datasets";
    /// <summary>Blob container of grain state.</summary>
    public string GrainContainer { get; set; } = "grid-grains";
    /// <summary>Azure Table name prefix of the membership table.</summary>
    public string ClusteringTable { get; set; } = "GridMembership";
    /// <summary>Localhost mode: folder for artifacts and datasets instead of blob storage.</summary>
    public string LocalDirectory { get; set; } = ".grid/storage";

    /// <summary>
    /// The connection string from the key or the secrets file; throws naming the settings when neither is set, and
    /// refuses a mistyped string naming the keys it has, never their values (the account key is a secret).
    /// </summary>
    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString)) return Checked(ConnectionString.Trim());
        if (!string.IsNullOrWhiteSpace(ConnectionStringFile))
        {
            if (!File.Exists(ConnectionStringFile))
                throw new GridConfigurationException($"{Section}:ConnectionStringFile: no file {ConnectionStringFile}");
            var text = File.ReadAllText(ConnectionStringFile).Trim();
            if (text.Length > 0) return Checked(text);
            throw new GridConfigurationException($"{Section}:ConnectionStringFile: {ConnectionStringFile} is empty");
        }
        throw new GridConfigurationException(
            $"{Section}:ConnectionString is not set: set GRID_Storage__ConnectionString or {Section}:ConnectionStringFile");
    }

    private static readonly HashSet<string> ConnectionStringKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "DefaultEndpointsProtocol", "AccountName", "AccountKey", "BlobEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint",
        "EndpointSuffix", "SharedAccessSignature", "UseDevelopmentStorage", "DevelopmentStorageProxyUri",
    };

    private static string Checked(string text)
    {
        var keys = SecretText.Keys(text);
        var malformed = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(part => !part.Contains('='));
        var unknown = keys.Where(key => !ConnectionStringKeys.Contains(key)).ToArray();
        if (malformed || unknown.Length > 0 || keys.Count == 0)
            throw new GridConfigurationException(
                $"{Section}:ConnectionString is not an Azure Storage connection string (keys given: {string.Join(", ", keys)}"
                + (unknown.Length > 0 ? $"; unknown: {string.Join(", ", unknown)}" : "")
                + (malformed ? "; a part without '='" : "") + ")");
        try
        {
            _ = new Azure.Storage.Blobs.BlobServiceClient(text);
        }
        catch (Exception error) when (error is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            throw new GridConfigurationException($"{Section}:ConnectionString is not usable (keys given: {string.Join(", ", keys)})");
        }
        return text;
    }

    public IEnumerable<string> Problems()
    {
        foreach (var (key, value) in new[] { ("ArtifactContainer", ArtifactContainer), ("DatasetContainer", DatasetContainer), ("GrainContainer", GrainContainer) })
            if (!System.Text.RegularExpressions.Regex.IsMatch(value ?? "", "^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$"))
                yield return $"{Section}:{key} must be a blob container name (3-63 lowercase letters, digits, '-'; got '{value}')";
        if (!System.Text.RegularExpressions.Regex.IsMatch(ClusteringTable ?? "", "^[A-Za-z][A-Za-z0-9]{2,62}$"))
            yield return $"{Section}:ClusteringTable must be a table name (letters and digits; got '{ClusteringTable}')";
    }
}
