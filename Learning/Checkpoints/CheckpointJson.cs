using System.Text.Json;

namespace Grid.Learning.Checkpoints;

/// <summary>The JSON settings of checkpoint entries: indented, property names as declared.</summary>
internal static class CheckpointJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>As <see cref="Options"/>, refusing keys the record does not have (for entries that shape what is built).</summary>
    public static readonly JsonSerializerOptions Strict = new() { WriteIndented = true, UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
}
