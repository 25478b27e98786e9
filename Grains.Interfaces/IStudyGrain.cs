namespace Grid.Grains;

/// <summary>A study: several downstream datasets, one experiment each, sharing pretraining runs. Keyed by the study id.</summary>
public interface IStudyGrain : IGrainWithStringKey
{
    /// <summary>Validates the study spec, then launches one experiment per downstream dataset; throws <see cref="Specs.SpecException"/> naming the bad field.</summary>
    [ResponseTimeout("00:05:00")]
    Task LaunchAsync(string studyJson, CancellationToken cancellationToken = default);

    /// <summary>The study and its experiments; throws <see cref="KeyNotFoundException"/> for an unknown id.</summary>
    Task<StudyListing> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>A launched study: its spec and, per downstream layout, the experiment that runs it.</summary>
[GenerateSerializer, Immutable]
public sealed record StudyListing(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string SpecJson,
    [property: Id(3)] IReadOnlyList<StudyDataset> Datasets,
    [property: Id(4)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable]
public sealed record StudyDataset(
    [property: Id(0)] string Layout,
    [property: Id(1)] string ExperimentId);
