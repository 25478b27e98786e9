namespace Grid.Learning.Data;

/// <summary>A source file as seen now: its full path, size and last-write time (UTC ticks); size -1 when it does not exist.</summary>
public sealed record SourceFile(string Path, long Size, long WriteTicks)
{
    public static SourceFile Stat(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new SourceFile(path, info.Length, info.LastWriteTimeUtc.Ticks) : new SourceFile(path, -1, 0);
    }
}
