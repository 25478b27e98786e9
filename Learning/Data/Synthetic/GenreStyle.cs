namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// How one synthetic music genre is played: tempo, scale and register, timbre (harmonic roll-off, note decay,
/// distortion), drum kit levels and pattern, bass and melody. Each excerpt draws its own values inside these
/// ranges, so genres overlap a little but differ in tempo, spectrum and rhythm.
/// </summary>
/// <param name="Slope">Harmonic gains fall as 1/h^Slope: low is bright, high is mellow.</param>
/// <param name="Decay">Note decay time constant in seconds.</param>
/// <param name="Drive">Soft-clipping drive of the pitched parts (0 = clean).</param>
/// <param name="Kick">Kick level; <paramref name="KicksPerBeat"/> 0.5 = beats 1 and 3, 1 = four on the floor, 2 = double kick.</param>
/// <param name="HatsPerBeat">Hi-hat (or ride) strokes per beat; <paramref name="Swing"/> delays the off-beat ones by that fraction of a beat.</param>
/// <param name="Skank">Chords struck short on the off-beats (reggae) instead of held from each bar's start.</param>
/// <param name="WalkingBass">A bass note on every beat from the scale instead of the chord root on beats 1 and 3.</param>
/// <param name="MelodyPerBeat">Melody note slots per beat (0 = none), each played with chance 0.7 (times this value when below 1).</param>
sealed record GenreStyle(
    string Genre,
    double MinBpm, double MaxBpm,
    int[] Scale,
    double MinRootHz, double MaxRootHz,
    double Slope, double Decay, double Drive,
    double Kick, double KicksPerBeat, double Snare, double HiHat, int HatsPerBeat, double Swing,
    bool Skank, double Bass, bool WalkingBass, double MelodyPerBeat, bool SeventhChords)
{
    private static readonly int[] Major = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] Minor = [0, 2, 3, 5, 7, 8, 10];
    private static readonly int[] Blues = [0, 3, 5, 6, 7, 10, 12];
    private static readonly int[] Mixolydian = [0, 2, 4, 5, 7, 9, 10];
    private static readonly int[] Phrygian = [0, 1, 3, 5, 7, 8, 10];

    /// <summary>The ten GTZAN genres in sorted (label) order.</summary>
    public static IReadOnlyList<GenreStyle> All { get; } =
    [
        new("blues", 65, 95, Blues, 80, 160, 1.2, 0.6, 0.25, 0.6, 0.5, 0.5, 0.3, 3, 0.33, false, 0.6, false, 1, true),
        new("classical", 60, 100, Major, 130, 330, 2.2, 1.4, 0, 0, 0, 0, 0, 0, 0, false, 0.3, false, 2, false),
        new("country", 100, 130, Major, 110, 220, 0.9, 0.3, 0, 0.5, 0.5, 0.6, 0.25, 2, 0, false, 0.7, true, 2, false),
        new("disco", 112, 128, Minor, 110, 220, 1.0, 0.2, 0.1, 0.9, 1, 0.6, 0.6, 4, 0, false, 0.9, true, 1, true),
        new("hiphop", 80, 100, Minor, 50, 100, 1.6, 0.3, 0.1, 1.0, 0.5, 0.9, 0.4, 4, 0.15, false, 1.0, false, 0.5, false),
        new("jazz", 120, 190, Major, 100, 220, 1.7, 0.45, 0, 0.2, 0.5, 0.2, 0.45, 3, 0.33, false, 0.7, true, 3, true),
        new("metal", 150, 200, Phrygian, 60, 110, 0.5, 0.5, 0.95, 1.0, 2, 0.9, 0.5, 2, 0, false, 0.6, false, 1, false),
        new("pop", 100, 125, Major, 150, 300, 1.2, 0.4, 0.05, 0.8, 1, 0.7, 0.35, 2, 0, false, 0.6, false, 2, false),
        new("reggae", 65, 85, Major, 90, 180, 1.3, 0.15, 0, 0.8, 0.25, 0.5, 0.3, 2, 0.1, true, 1.0, false, 0.5, false),
        new("rock", 110, 150, Mixolydian, 80, 160, 0.8, 0.5, 0.6, 0.8, 0.5, 0.9, 0.4, 2, 0, false, 0.7, false, 1, false),
    ];
}
