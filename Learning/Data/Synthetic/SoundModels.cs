namespace Grid.Learning.Data.Synthetic;

/// <summary>The synthetic sound models, one per UrbanSound8K class, in classID order.</summary>
public static class SoundModels
{
    private static readonly Func<Random, ISoundSource>[] Factories =
    [
        r => new AirConditionerSource(r),
        r => new CarHornSource(r),
        r => new ChildrenPlayingSource(r),
        r => new DogBarkSource(r),
        r => new DrillingSource(r),
        r => new EngineIdlingSource(r),
        r => new GunShotSource(r),
        r => new JackhammerSource(r),
        r => new SirenSource(r),
        r => new StreetMusicSource(r),
    ];

    /// <summary>The model names: the UrbanSound8K class names.</summary>
    public static IReadOnlyList<string> Names => UrbanSound8KLayout.ClassNames;

    public static int Count => Factories.Length;

    /// <summary>A new source of the model with this index (US8K classID), its parameters drawn from <paramref name="random"/>.</summary>
    public static ISoundSource Create(int model, Random random) => Factories[model](random);
}
