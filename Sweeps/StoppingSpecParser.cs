using System.Text.Json.Nodes;
using Grid.Learning.Analysis;
using Grid.Learning.Training;

namespace Grid.Grains.Specs;

/// <summary>Reads <c>search.stopping</c>: <c>{"rule": "none"|"median"|"asha"|"paired", ...}</c>, each parameter range-checked by name.</summary>
internal static class StoppingSpecParser
{
    public const string Field = "search.stopping";

    private static readonly Dictionary<string, string[]> Parameters = new(StringComparer.Ordinal)
    {
        ["none"] = [],
        ["median"] = ["minEpochs", "minTrials"],
        ["asha"] = ["gracePeriod", "reductionFactor", "maxEpochs"],
        ["paired"] = ["test", "alpha", "minFolds", "spending", "firstFold"],
    };

    public static StoppingSpec Parse(JsonNode? node)
    {
        if (node is null) return NoStopping.Instance;
        if (node is not JsonObject stopping)
            throw new SpecException(Field, "must be an object {\"rule\": \"none\"|\"median\"|\"asha\"|\"paired\", ...}");
        var rule = stopping["rule"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (rule is null || !Parameters.TryGetValue(rule, out var known))
            throw new SpecException($"{Field}.rule", $"'{rule ?? stopping["rule"]?.ToJsonString() ?? "null"}' is not none, median, asha or paired");
        foreach (var (name, _) in stopping)
            if (name != "rule" && !known.Contains(name))
                throw new SpecException($"{Field}.{name}", $"unknown for rule {rule} (known: {(known.Length == 0 ? "none" : string.Join(", ", known))})");

        switch (rule)
        {
            case "median":
                return new MedianStopping(AtLeast(stopping, "minEpochs", 1, 1), AtLeast(stopping, "minTrials", 3, 1));
            case "asha":
                var grace = AtLeast(stopping, "gracePeriod", 1, 1, MaxEpochs);
                var reduction = AtLeast(stopping, "reductionFactor", 3, 2);
                int? maxEpochs = stopping["maxEpochs"] is null ? null : AtLeast(stopping, "maxEpochs", grace + 1, grace + 1);
                return new AshaStopping(grace, reduction, maxEpochs);
            case "paired":
                var test = stopping["test"] switch
                {
                    null => PairedTestKind.Wilcoxon,
                    JsonValue t when t.TryGetValue<string>(out var name) && name == "wilcoxon" => PairedTestKind.Wilcoxon,
                    JsonValue t when t.TryGetValue<string>(out var name) && name == "t" => PairedTestKind.T,
                    var other => throw new SpecException($"{Field}.test", $"{other.ToJsonString()} is not \"wilcoxon\" or \"t\""),
                };
                var alpha = stopping["alpha"] is null ? 0.1 : SweepSpecParser.ReadDouble(stopping["alpha"], $"{Field}.alpha");
                if (!(alpha > 0 && alpha < 1)) throw new SpecException($"{Field}.alpha", $"must be in (0, 1) (got {alpha})");
                var firstFold = stopping["firstFold"] switch
                {
                    null => false,
                    JsonValue v when v.TryGetValue<bool>(out var flag) => flag,
                    var other => throw new SpecException($"{Field}.firstFold", $"{other.ToJsonString()} is not true or false"),
                };
                var spending = stopping["spending"] switch
                {
                    null => AlphaSpendingFunction.None,
                    JsonValue v when v.TryGetValue<string>(out var name) && PairedStopping.SpendingNames.TryGetValue(name, out var function) => function,
                    var other => throw new SpecException($"{Field}.spending", $"{other.ToJsonString()} is not one of {string.Join(", ", PairedStopping.SpendingNames.Keys.Select(n => $"\"{n}\""))}"),
                };
                return new PairedStopping(test, alpha, AtLeast(stopping, "minFolds", 3, 2), spending, firstFold);
            default:
                return NoStopping.Instance;
        }
    }

    /// <summary>The most epochs a job runs: a grace period beyond it never ends (and gracePeriod + 1 must not wrap).</summary>
    private static readonly int MaxEpochs = (int)TrainingOptions.EpochsRange.Max;

    private static int AtLeast(JsonObject stopping, string name, int fallback, int minimum, int maximum = int.MaxValue)
    {
        if (stopping[name] is null) return fallback;
        var value = SweepSpecParser.ReadInt(stopping[name], $"{Field}.{name}");
        if (value < minimum) throw new SpecException($"{Field}.{name}", $"must be at least {minimum} (got {value})");
        return value <= maximum ? value : throw new SpecException($"{Field}.{name}", $"must be at most {maximum}, the most epochs a job runs (got {value})");
    }
}
