using System.IO.Compression;
using System.Text;
using Grid.Learning.IO;
using static Grid.Tests.Audio.AudioBytes;

namespace Grid.Tests.BadInput;

/// <summary>The hostile and broken files the bad-input suite feeds the commands, written once into a temporary folder.</summary>
public sealed class BadInputFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("grid-bad-input-").FullName;

    public BadInputFiles()
    {
        var tone = Enumerable.Range(0, 8000).Select(i => (short)(Math.Sin(i * 0.3) * 8000)).ToArray();
        Write("good.wav", Wav(Format(1, 1, 16000, 16), Pcm16(tone)));
        Write("empty.wav", []);
        Write("short-header.wav", "RIFF\x24\0\0\0WAVEfmt "u8.ToArray());
        Write("not-riff.wav", "hello, this is text"u8.ToArray());
        Write("not-wave.wav", Riff(Chunk("fmt ", Format(1, 1, 8000, 16))).Select((b, i) => i is >= 8 and < 12 ? (byte)'X' : b).ToArray());
        Write("rate-1hz.wav", Wav(Format(1, 1, 1, 16), Pcm16(tone)));
        Write("rate-999hz.wav", Wav(Format(1, 1, 999, 16), Pcm16(tone)));
        Write("rate-500khz.wav", Wav(Format(1, 1, 500_000, 16), Pcm16(tone)));
        Write("rate-max.wav", Wav(Format(1, 1, uint.MaxValue, 16), Pcm16(tone)));
        Write("zero-channels.wav", Wav(Format(1, 0, 8000, 16), Pcm16(tone)));
        Write("many-channels.wav", Wav(Format(1, 4000, 8000, 16), Pcm16(tone)));
        Write("nan.wav", Wav(Format(3, 1, 8000, 32), Floats(0.1f, float.NaN, 0.2f)));
        Write("inf.wav", Wav(Format(3, 1, 8000, 32), Floats(0.1f, float.PositiveInfinity, 0.2f)));
        Write("data-first.wav", Riff(Chunk("data", Pcm16(1, 2)), Chunk("fmt ", Format(1, 1, 8000, 16))));
        Write("no-data.wav", Riff(Chunk("fmt ", Format(1, 1, 8000, 16))));
        Write("bad-tag.wav", Wav(Format(0x55, 1, 8000, 16), Pcm16(tone)));
        Write("bad-bits.wav", Wav(Format(1, 1, 8000, 40), Pcm16(tone)));
        Write("huge-chunk.wav", Riff(Chunk("LIST", [1, 2, 3, 4], declaredSize: 0x7FFFFFF0)));
        Write("rate-1hz.au", Au(3, 1, 1, Pcm16Be(tone)));
        Write("nan.au", Au(6, 8000, 1, FloatsBe(0.5f, float.NaN)));
        Write("zero-channels.au", Au(3, 8000, 0, [0, 0]));
        Write("bad-encoding.au", Au(99, 8000, 1, [0, 0]));
        var offsetPastEnd = Au(3, 8000, 1, [0, 0]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(offsetPastEnd.AsSpan(4), 1_000_000);
        Write("offset-past-end.au", offsetPastEnd);
        Write("short.au", ".snd\0\0\0\x18"u8.ToArray());

        WriteNpy("header-huge.npy", NpyHeader(2, 0x7FFFFFF0, ""));
        WriteNpy("header-v2-4gb.npy", NpyHeader(2, uint.MaxValue, ""));
        WriteNpy("shape-overflow.npy", NpyHeader(1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 3, 3), }"));
        WriteNpy("shape-large.npy", NpyHeader(1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 3, 64, 64), }"));
        WriteNpy("dtype.npy", NpyHeader(1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3, 4, 4), }"));
        Write("not.npy", "not an array"u8.ToArray());
        Npy.Write(Path.Combine(Root, "wrong-shape.npy"), new float[8], 2, 4);
        Npy.Write(Path.Combine(Root, "batch.npy"), new float[3 * 8 * 8], 1, 3, 8, 8);

        Checkpoint("width-huge.ckpt", """{"Architecture":"resnet50","Width":20000}""");
        Checkpoint("width-zero.ckpt", """{"Architecture":"resnet18","Width":0}""");
        Checkpoint("unknown-key.ckpt", """{"Architecture":"resnet18","Width":4,"Depth":9000}""");
        Checkpoint("unknown-architecture.ckpt", """{"Architecture":"vgg16","Width":4}""");
        Checkpoint("model-not-json.ckpt", "{{{{");
        Checkpoint("model-bomb.ckpt", new string(' ', 200 << 20) + "{}");
        Checkpoint("no-encoder.ckpt", """{"Architecture":"resnet18","Width":4}""");
        Write("not-zip.ckpt", "PK but not really"u8.ToArray());
        Write("weights.pt", "not a pickle"u8.ToArray());
        // TorchSharp's format: one entry "w", float32, 2^31 - 64 dimensions (LEB128) and nothing after.
        Write("weights-rank.dat", [0x01, 0x01, (byte)'w', 0x06, 0xC0, 0xFF, 0xFF, 0xFF, 0x07]);
        var offsets = """{"w":{"dtype":"F32","shape":[475000000],"data_offsets":[0,1900000000]}}"""u8.ToArray();
        Write("weights-offsets.safetensors", [.. BitConverter.GetBytes((ulong)offsets.Length), .. offsets, 0, 0, 0, 0]);
        PyTorchZip("weights-pickle-bomb.pt", "archive/data.pkl", 200 << 20);
        PyTorchZip("weights-storage-bomb.pt", "archive/data/0", 300 << 20);

        Directory.CreateDirectory(Path.Combine(Root, "csv-escape"));
        File.WriteAllText(Path.Combine(Root, "csv-escape", "labels.csv"), "file,fold,label\n../good.wav,1,a\n../good.wav,2,b\n");
        Directory.CreateDirectory(Path.Combine(Root, "csv-absolute"));
        File.WriteAllText(Path.Combine(Root, "csv-absolute", "labels.csv"), "file,fold,label\n/etc/passwd,1,a\n/etc/hostname,2,b\n");
        Directory.CreateDirectory(Path.Combine(Root, "csv-nan"));
        File.Copy(Path.Combine(Root, "nan.wav"), Path.Combine(Root, "csv-nan", "x.wav"));
        File.Copy(Path.Combine(Root, "good.wav"), Path.Combine(Root, "csv-nan", "y.wav"));
        File.WriteAllText(Path.Combine(Root, "csv-nan", "labels.csv"), "file,fold,label\nx.wav,1,a\ny.wav,2,b\n");
        Directory.CreateDirectory(Path.Combine(Root, "csv-good"));
        foreach (var clip in new[] { "a1", "b1", "a2", "b2" })
            File.Copy(Path.Combine(Root, "good.wav"), Path.Combine(Root, "csv-good", clip + ".wav"));
        File.WriteAllText(Path.Combine(Root, "csv-good", "labels.csv"), "file,fold,label\na1.wav,1,a\nb1.wav,1,b\na2.wav,2,a\nb2.wav,2,b\n");
        Directory.CreateDirectory(Path.Combine(Root, "csv-bad-fold"));
        File.WriteAllText(Path.Combine(Root, "csv-bad-fold", "labels.csv"), "file,fold,label\nx.wav,many,a\n");
        Directory.CreateDirectory(Path.Combine(Root, "csv-huge-fold"));
        File.Copy(Path.Combine(Root, "good.wav"), Path.Combine(Root, "csv-huge-fold", "x.wav"));
        File.WriteAllText(Path.Combine(Root, "csv-huge-fold", "labels.csv"), "file,fold,label\nx.wav,2147483647,a\n");
        Directory.CreateDirectory(Path.Combine(Root, "csv-no-header"));
        File.WriteAllText(Path.Combine(Root, "csv-no-header", "labels.csv"), "x.wav;1;a\n");
        Directory.CreateDirectory(Path.Combine(Root, "empty-folder"));

        File.WriteAllText(Path.Combine(Root, "bad-storage.json"),
            """{"Cluster":{"Mode":"azure"},"Storage":{"ConnectionString":"DefaultEndpointsProtocol=http;AccountNme=devstoreaccount1;AccountKey=S3CR3TK3Y0000;BlobEndpoint=http://127.0.0.1:1/x"}}""");
        File.WriteAllText(Path.Combine(Root, "not-json.json"), "{ this is not json");
        var tls = $"\"CertificateFile\":\"{Root}/absent.pem\",\"CaCertificateFile\":\"{Root}/absent-ca.pem\"";
        File.WriteAllText(Path.Combine(Root, "tls-missing.json"), "{\"Cluster\":{\"Mode\":\"localhost\",\"Tls\":{" + tls + "}}}");
        File.WriteAllText(Path.Combine(Root, "tls-half.json"), $"{{\"Cluster\":{{\"Mode\":\"localhost\",\"Tls\":{{\"CaCertificateFile\":\"{Root}/ca.pem\"}}}}}}");
    }

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>A sweep spec file: the tiny spec with <paramref name="original"/> replaced.</summary>
    public string Spec(string name, string original, string replacement)
    {
        var spec = Cluster.SpecSamples.Tiny(location: Root);
        if (!spec.Contains(original, StringComparison.Ordinal)) throw new ArgumentException($"the tiny spec has no '{original}'");
        var path = PathOf(name + ".json");
        File.WriteAllText(path, spec.Replace(original, replacement));
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void Write(string name, byte[] bytes) => File.WriteAllBytes(PathOf(name), bytes);

    private void WriteNpy(string name, byte[] bytes) => Write(name, bytes);

    private static byte[] NpyHeader(byte major, uint declaredLength, string header)
    {
        var bytes = new List<byte>();
        bytes.AddRange([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']);
        bytes.Add(major);
        bytes.Add(0);
        var text = Encoding.ASCII.GetBytes(header + "\n");
        if (major == 1) bytes.AddRange(BitConverter.GetBytes((ushort)text.Length));
        else bytes.AddRange(BitConverter.GetBytes(declaredLength));
        bytes.AddRange(text);
        return [.. bytes];
    }

    private void Checkpoint(string name, string modelJson)
    {
        using var file = File.Create(PathOf(name));
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using (var entry = new StreamWriter(zip.CreateEntry("model.json", CompressionLevel.Optimal).Open()))
            entry.Write(modelJson);
    }

    /// <summary>A zip shaped like <c>torch.save</c>'s whose one entry inflates from a few hundred KB to <paramref name="bytes"/>.</summary>
    private void PyTorchZip(string name, string entryName, int bytes)
    {
        using var file = File.Create(PathOf(name));
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using var entry = zip.CreateEntry(entryName, CompressionLevel.Optimal).Open();
        var zeros = new byte[1 << 20];
        for (var written = 0; written < bytes; written += zeros.Length) entry.Write(zeros);
    }

    private static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    private static byte[] FloatsBe(params float[] values) => values.SelectMany(v => BitConverter.GetBytes(v).Reverse()).ToArray();

    private static byte[] Pcm16Be(short[] samples) => samples.SelectMany(s => new[] { (byte)(s >> 8), (byte)s }).ToArray();
}
