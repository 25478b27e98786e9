using Grid.Learning;
using Orleans.Serialization;

namespace Grid.Grains;

/// <summary>
/// How the learning library's request records (every type of Learning.Contracts: FoldJobRequest, PretrainRequest and
/// the options they hold) cross grain calls and grain state: Orleans' System.Text.Json codec in the records' own form,
/// <see cref="RequestFormat"/>, so that the records stay plain (no Orleans attributes) and read exactly as specs write
/// them. Every silo and every client adds it (<see cref="AddRequestRecords"/>); a process without it cannot serialise a
/// definition and says so naming the type.
/// </summary>
public static class GridSerialization
{
    /// <summary>Whether <paramref name="type"/> is one of the request records (it is defined in Learning.Contracts).</summary>
    public static bool IsRequestRecord(Type type) => type.Assembly == typeof(RequestFormat).Assembly;

    public static ISerializerBuilder AddRequestRecords(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(isSupported: IsRequestRecord, RequestFormat.Options);
}
