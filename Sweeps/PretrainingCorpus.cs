using System.Text.Json.Nodes;

namespace Grid.Grains.Specs;

/// <summary>
/// The clips a pretraining block learns from: its own <c>pretraining.dataset</c> (the thesis pretrains on FSD50K, a
/// corpus apart from every downstream dataset), or else the sweep's downstream dataset, restricted to
/// <c>pretraining.folds</c> when given.
/// </summary>
public static class PretrainingCorpus
{
    /// <summary>
    /// Reads and removes <c>dataset</c> from the pretraining block, and sets the block's <c>layout</c> and <c>folds</c>
    /// for the learning library's request. Returns the corpus (its <see cref="DatasetSpec.Folds"/> empty for "all"; for
    /// the downstream dataset, the request's <c>folds</c> say which).
    /// </summary>
    public static DatasetSpec Take(JsonObject block, DatasetSpec downstream, string where)
    {
        if (block["dataset"] is null)
        {
            // Its folds (pretraining.folds) are range-checked with the resolved request (JobChecks).
            block["layout"] = downstream.Layout;
            return new DatasetSpec(downstream.Layout, downstream.Location, []);
        }
        if (block["dataset"] is not JsonObject dataset)
            throw new SpecException("pretraining.dataset", $"must be an object {{layout, location, folds}}{where}");
        if (block["folds"] is not null)
            throw new SpecException("pretraining.folds", $"give the folds inside pretraining.dataset when it names its own corpus{where}");
        foreach (var (field, _) in dataset)
            if (field is not ("layout" or "location" or "folds"))
                throw new SpecException($"pretraining.dataset.{field}", $"unknown field (known: layout, location, folds){where}");

        var layout = RequiredString(dataset, "layout", where);
        if (!DatasetLayouts.IsKnown(layout))
            throw new SpecException("pretraining.dataset.layout", $"unknown layout '{layout}' (known: {string.Join(", ", DatasetLayouts.Names)}){where}");
        var location = RequiredString(dataset, "location", where);
        if (location.StartsWith(Grid.Storage.DatasetNames.BlobScheme, StringComparison.Ordinal)
            && Grid.Storage.DatasetNames.Problem(location[Grid.Storage.DatasetNames.BlobScheme.Length..]) is { } badName)
            throw new SpecException("pretraining.dataset.location", badName + where);
        IReadOnlyList<int> corpusFolds = dataset["folds"] switch
        {
            null => [],
            JsonArray array => ReadFolds(array, "pretraining.dataset.folds", where),
            _ => throw new SpecException("pretraining.dataset.folds", $"must be an array of fold numbers{where}"),
        };
        for (var i = 0; i < corpusFolds.Count; i++)
            if (DatasetLayouts.WhyNotFold(layout, corpusFolds[i]) is { } problem)
                throw new SpecException($"pretraining.dataset.folds[{i}]", problem + where);

        block.Remove("dataset");
        block["layout"] = layout;
        block["folds"] = new JsonArray(corpusFolds.Select(f => (JsonNode)f).ToArray());
        return new DatasetSpec(layout, location, corpusFolds);
    }

    /// <summary>Whether pretraining saw clips of the folds the downstream jobs hold out (transductive), as far as the spec tells.</summary>
    public static bool OverlapsHeldOutFolds(DatasetSpec corpus, DatasetSpec downstream) =>
        string.Equals(corpus.Location, downstream.Location, StringComparison.Ordinal)
        && string.Equals(corpus.Layout, downstream.Layout, StringComparison.Ordinal)
        && (corpus.Folds.Count == 0 || corpus.Folds.Intersect(downstream.Folds).Any());

    private static IReadOnlyList<int> ReadFolds(JsonArray array, string field, string where)
    {
        var folds = new int[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue value || !value.TryGetValue<int>(out var fold) || fold < 1)
                throw new SpecException($"{field}[{i}]", $"must be a positive fold number (got {array[i]?.ToJsonString() ?? "null"}){where}");
            if (folds.Take(i).Contains(fold))
                throw new SpecException($"{field}[{i}]", $"fold {fold} is listed twice{where}");
            folds[i] = fold;
        }
        return folds;
    }

    private static string RequiredString(JsonObject parent, string name, string where)
    {
        if (parent[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
            return text;
        throw new SpecException($"pretraining.dataset.{name}", $"required non-empty string{where}");
    }
}
