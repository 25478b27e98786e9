using MessagePack;
using MessagePack.Resolvers;

namespace Grid.Storage;

/// <summary>Artifacts (per-epoch metrics, fold results with confusion, predictions and embeddings) as MessagePack.</summary>
public static class ArtifactSerializer
{
    private static readonly MessagePackSerializerOptions Options = ContractlessStandardResolver.Options;

    public static byte[] Serialize<T>(T value) => MessagePackSerializer.Serialize(value, Options);

    public static T Deserialize<T>(Stream stream) => MessagePackSerializer.Deserialize<T>(stream, Options);

    /// <summary>Blob names of a job's checkpoints and artifacts.</summary>
    public static string CheckpointBlob(string jobKey, int epoch) => $"checkpoints/{jobKey}/epoch-{epoch:D4}.ckpt";

    public static string EpochMetricsBlob(string jobKey, int epoch) => $"artifacts/{jobKey}/epoch-{epoch:D4}.msgpack";

    public static string ResultBlob(string jobKey) => $"artifacts/{jobKey}/result.msgpack";
}
