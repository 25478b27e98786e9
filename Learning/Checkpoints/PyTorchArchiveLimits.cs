using System.IO.Compression;

namespace Grid.Learning.Checkpoints;

/// <summary>
/// Size caps checked on a PyTorch <c>.pt</c> zip before it is unpickled, so a small hostile file cannot make the
/// reader inflate gigabytes: the pickle entry is capped, every storage entry is capped, and no entry may expand
/// more than <see cref="MaxExpansion"/> times (<c>torch.save</c> stores entries uncompressed, so real files expand 1×).
/// </summary>
public static class PyTorchArchiveLimits
{
    /// <summary>The pickle (<c>data.pkl</c>) describes tensors, never holds them: a ResNet-50's is about 40 KB.</summary>
    public const long MaxPickleBytes = 64L << 20;

    /// <summary>The largest expansion tolerated for a compressed entry (deflate's own ceiling is about 1,032).</summary>
    public const long MaxExpansion = 200;

    /// <summary>Entries this small are not checked for expansion.</summary>
    private const long SmallEntryBytes = 1 << 20;

    /// <summary>Throws an <see cref="InvalidDataException"/> naming <paramref name="source"/> and the entry over a cap.</summary>
    public static void Check(Stream seekable, string source)
    {
        var start = seekable.Position;
        try
        {
            using var zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                var limit = entry.Name == "data.pkl" ? MaxPickleBytes : CheckpointReader.MaxEntryBytes;
                if (entry.Length > limit)
                    throw new InvalidDataException($"{source}: entry '{entry.FullName}' declares {entry.Length:N0} bytes, more than its {limit:N0}-byte limit");
                if (entry.Length > SmallEntryBytes && entry.Length > entry.CompressedLength * MaxExpansion)
                    throw new InvalidDataException(
                        $"{source}: entry '{entry.FullName}' expands {entry.CompressedLength:N0} bytes to {entry.Length:N0}, more than the {MaxExpansion}× limit");
            }
        }
        finally
        {
            seekable.Position = start;
        }
    }
}
