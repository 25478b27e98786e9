namespace Grid.Configuration;

/// <summary>A typed configuration section that names each of its own problems by key ("Cluster:SiloPort must be …").</summary>
public interface IGridSettings
{
    IEnumerable<string> Problems();
}
