using MessagePack;
using MessagePack.Resolvers;

namespace Grid.Storage;

/// <summary>Artifacts (per-epoch metrics, fold results with confusion, predictions and embeddings) as MessagePack.</summary>
public static class ArtifactSerializer
{
    private static readonly MessagePackSerializerOptions Options = ContractlessStandardResolver.Options;

    public static byte[] Serialize<T>(T value) => MessagePackSerializer.Serialize(value, Options);

    public static T Deserialize<T>(Stream stream) => MessagePackSerializer.Deserialize<T>(stream, Options);

    /// <summary>
    /// Blob names of a job's checkpoints and artifacts from before leases owned their blobs: still read (a job grain's
    /// stored blob names say which), never written.
    /// </summary>
    public static string CheckpointBlob(string jobKey, int epoch) => $"checkpoints/{jobKey}/epoch-{epoch:D4}.ckpt";

    public static string EpochMetricsBlob(string jobKey, int epoch) => $"artifacts/{jobKey}/epoch-{epoch:D4}.msgpack";

    public static string ResultBlob(string jobKey) => $"artifacts/{jobKey}/result.msgpack";

    /// <summary>
    /// Blob names a lease owns (<c>checkpoints/{job}/lease-{lease:N}/epoch-0003.ckpt</c>): a runner writes only under its
    /// own lease, so a runner that lost its lease can never replace what the current holder wrote. The job grain
    /// records which of them are authoritative (those reported under the lease it accepted).
    /// </summary>
    public static string CheckpointBlob(string jobKey, Guid leaseId, int epoch) => $"checkpoints/{jobKey}/{LeaseFolder(leaseId)}/epoch-{epoch:D4}.ckpt";

    public static string EpochMetricsBlob(string jobKey, Guid leaseId, int epoch) => $"artifacts/{jobKey}/{LeaseFolder(leaseId)}/epoch-{epoch:D4}.msgpack";

    public static string ResultBlob(string jobKey, Guid leaseId) => $"artifacts/{jobKey}/{LeaseFolder(leaseId)}/result.msgpack";

    private static string LeaseFolder(Guid leaseId) => $"lease-{leaseId:N}";
}
