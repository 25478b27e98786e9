using System.Text.Json;

namespace Grid.Learning.Checkpoints;

/// <summary>The JSON settings of checkpoint entries: indented, property names as declared.</summary>
internal static class CheckpointJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
}
