using System.Text.Json;
using Grid.Learning;

namespace Grid.Grains.Specs;

/// <summary>How specs and resolved job requests are (de)serialised: the request records' own form, <see cref="RequestFormat"/>.</summary>
public static class SpecJson
{
    public static JsonSerializerOptions Options => RequestFormat.Options;
}
