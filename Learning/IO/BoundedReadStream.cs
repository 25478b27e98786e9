namespace Grid.Learning.IO;

/// <summary>
/// A read-only stream that throws <see cref="InvalidDataException"/> once more than <see cref="Limit"/> bytes were
/// read from it: a compressed archive entry cannot inflate past its cap, whatever its header declares.
/// </summary>
public sealed class BoundedReadStream(Stream inner, long limit, string source) : Stream
{
    private long read;

    public long Limit { get; } = limit;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    private int Count(int bytes)
    {
        read += bytes;
        if (read > Limit) throw new InvalidDataException($"{source}: larger than its {Limit:N0}-byte limit");
        return bytes;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
