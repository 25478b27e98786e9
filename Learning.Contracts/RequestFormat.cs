using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Learning;

/// <summary>
/// The one JSON form of the request records (FoldJobRequest, PretrainRequest and the options they hold), as specs spell
/// them: camelCase, enums as camelCase strings, unknown fields refused (a setting silently dropped would change a run).
/// Specs are read with it, requests cross grain calls in it, and state stored before requests were typed holds it.
/// </summary>
public static class RequestFormat
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T request) => JsonSerializer.Serialize(request, Options);

    /// <summary>The record <paramref name="json"/> holds; throws <see cref="JsonException"/> naming <typeparamref name="T"/> when it holds none.</summary>
    public static T Deserialize<T>(string json) where T : class =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"{typeof(T).Name}: the JSON is null");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
