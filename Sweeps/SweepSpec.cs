using System.Text.Json.Nodes;

namespace Grid.Grains.Specs;

/// <summary>
/// A parsed sweep spec. <see cref="Job"/> is the base job (protocol, model, training, features,
/// pretraining, initPath, skipBadClips) that each trial's parameters override by dotted path.
/// </summary>
public sealed record SweepSpec(
    string Name,
    long Seed,
    DatasetSpec Dataset,
    JsonObject Job,
    IReadOnlyList<SearchParameter> Search,
    int Samples,
    int MaxTrials,
    int MaxConcurrentTrials,
    ResourceSpec Resources,
    int Retries)
{
    /// <summary>
    /// Listed trials (<c>"trials"</c>): each a set of dotted job paths and values, as a study's columns (MoCo fine-tune,
    /// NPID kNN, scratch, ...). Every listed trial is crossed with the search space; none means the search space alone.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, JsonNode>>> Variants { get; init; } = [];

    /// <summary>The early-stopping rule (<c>search.stopping</c>); default <see cref="NoStopping"/>: every fold runs to the end.</summary>
    public StoppingSpec Stopping { get; init; } = NoStopping.Instance;
}

/// <summary>The dataset: its layout, where silos find it (local path or <c>blob:NAME</c>), the folds to run.</summary>
public sealed record DatasetSpec(string Layout, string Location, IReadOnlyList<int> Folds);

/// <summary>Devices (slots on one silo) per job and the kind of slot it may use.</summary>
public sealed record ResourceSpec(int Devices, Accelerator Accelerator);

/// <summary>One searched hyperparameter: a dotted path into the job and its domain.</summary>
public sealed record SearchParameter(string Path, ParameterDomain Domain);

public abstract record ParameterDomain;

/// <summary>Every value is tried (cartesian product with the other grid parameters).</summary>
public sealed record GridDomain(IReadOnlyList<JsonNode> Values) : ParameterDomain;

/// <summary>One value drawn uniformly per sample.</summary>
public sealed record ChoiceDomain(IReadOnlyList<JsonNode> Values) : ParameterDomain;

public sealed record UniformDomain(double Low, double High) : ParameterDomain;

/// <summary>exp(uniform(ln low, ln high)); both bounds positive.</summary>
public sealed record LogUniformDomain(double Low, double High) : ParameterDomain;

/// <summary>An integer in [low, high), as numpy's randint.</summary>
public sealed record RandIntDomain(long Low, long High) : ParameterDomain;
