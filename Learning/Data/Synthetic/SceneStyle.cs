namespace Grid.Learning.Data.Synthetic;

/// <summary>A sound present through a whole scene (engine rumble, air conditioning, crowd voices, background music), at a level in dB.</summary>
sealed record SceneBed(Func<Random, ISoundSource> Source, double LevelDb);

/// <summary>A sound that occurs now and then in a scene: how often (per minute), how long, how loud (dB, ±4 dB per event).</summary>
sealed record SceneEvent(Func<Random, ISoundSource> Source, double PerMinute, double MinSeconds, double MaxSeconds, double LevelDb);

/// <summary>
/// One synthetic acoustic scene: a coloured ambient noise (low-pass corner and level), the beds that last the whole
/// recording, and the events that come and go. Levels are relative to an ambient noise at 0 dB.
/// </summary>
sealed record SceneStyle(string Scene, double NoiseCutoffHz, double NoiseLevelDb, SceneBed[] Beds, SceneEvent[] Events)
{
    private static ISoundSource Model(int classId, Random random) => SoundModels.Create(classId, random);
    private static readonly Func<Random, ISoundSource> AirConditioner = r => Model(0, r);
    private static readonly Func<Random, ISoundSource> CarHorn = r => Model(1, r);
    private static readonly Func<Random, ISoundSource> Voices = r => Model(2, r);
    private static readonly Func<Random, ISoundSource> DogBark = r => Model(3, r);
    private static readonly Func<Random, ISoundSource> Engine = r => Model(5, r);
    private static readonly Func<Random, ISoundSource> Siren = r => Model(8, r);
    private static readonly Func<Random, ISoundSource> Music = r => Model(9, r);
    private static readonly Func<Random, ISoundSource> Birds = r => new BirdSource(r);
    private static readonly Func<Random, ISoundSource> Beeps = r => new BeepSource(r);
    private static readonly Func<Random, ISoundSource> Typing = r => new ClickSource(r, ringing: false);
    private static readonly Func<Random, ISoundSource> Cutlery = r => new ClickSource(r, ringing: true);
    private static readonly Func<Random, ISoundSource> Squeal = r => new SquealSource(r);

    /// <summary>The ten DCASE 2013 scene classes in sorted (label) order.</summary>
    public static IReadOnlyList<SceneStyle> All { get; } =
    [
        new("bus", 400, 0, [new(Engine, 3)], [new(Squeal, 1, 1, 3, -6), new(Beeps, 1, 0.5, 1.5, -8), new(Voices, 1, 1, 4, -10)]),
        new("busystreet", 1500, 0, [new(Engine, -6)],
            [new(CarHorn, 4, 0.5, 2, 0), new(Engine, 3, 3, 8, 0), new(Siren, 0.5, 3, 8, -3), new(Voices, 2, 1, 4, -6)]),
        new("office", 3000, -20, [new(AirConditioner, -12)], [new(Typing, 3, 3, 10, -8), new(Voices, 1.5, 1, 5, -4), new(Beeps, 0.5, 0.5, 1.5, -10)]),
        new("openairmarket", 2500, -4, [new(Voices, -2)], [new(Voices, 6, 1, 4, 2), new(Music, 1, 4, 10, -6), new(Cutlery, 2, 1, 3, -6)]),
        new("park", 700, -8, [], [new(Birds, 10, 0.5, 2, -2), new(DogBark, 1, 1, 3, -4), new(Voices, 1, 2, 5, -10)]),
        new("quietstreet", 600, -12, [], [new(Engine, 1.5, 3, 8, -4), new(Birds, 2, 0.5, 2, -10), new(DogBark, 0.5, 1, 2, -8)]),
        new("restaurant", 1500, -6, [new(Voices, 0), new(Music, -12)], [new(Cutlery, 6, 1, 3, -4), new(Voices, 3, 1, 4, 0)]),
        new("supermarket", 1800, -8, [new(AirConditioner, -6), new(Music, -10), new(Voices, -10)], [new(Beeps, 6, 0.3, 1.5, -4), new(Voices, 1, 1, 4, -6)]),
        new("tube", 200, 6, [new(Engine, 0)], [new(Squeal, 2, 1, 4, -2), new(Beeps, 0.5, 0.5, 1.5, -10)]),
        new("tubestation", 800, -2, [new(Voices, -6)], [new(Engine, 1, 5, 10, 2), new(Squeal, 1, 1, 3, -4), new(Voices, 2, 1, 4, -4), new(Beeps, 0.5, 0.5, 1.5, -8)]),
    ];
}
