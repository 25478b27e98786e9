using System.Text.Json;
using Grid.Learning.Audio;
using Grid.Learning.IO;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace Grid.Tests.Audio;

/// <summary>
/// Mel power against torchaudio 0.13.1 (fixtures from bench/torchaudio_reference.py). Relative difference:
/// |ours − theirs| / max(|theirs|, 1e-4 · max(theirs)), which must stay at or below 1e-4.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TorchaudioReferenceTests(ITestOutputHelper output)
{
    const double Tolerance = 1e-4;

    public sealed record ReferenceCase(string Name, int SampleRate, int NFft, int Hop, int NMels, double FMin,
        double? FMax, string MelScale, string? Norm, bool Db, string Input);

    public static TheoryData<string> CaseNames =>
        new(LoadCases().Select(c => c.Name));

    static ReferenceCase[] LoadCases() =>
        JsonSerializer.Deserialize<ReferenceCase[]>(File.ReadAllText(Fixtures.Path("cases.json")),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MelPowerMatchesTorchaudio(string name)
    {
        var reference = LoadCases().Single(c => c.Name == name);
        var waveform = Npy.Read(Fixtures.Path(reference.Input));
        using var mel = new MelSpectrogram(reference.SampleRate, reference.NFft, reference.Hop, reference.NMels,
            reference.FMin, reference.FMax, reference.MelScale == "htk" ? MelScale.Htk : MelScale.Slaney,
            slaneyNorm: reference.Norm == "slaney");
        using var scope = torch.NewDisposeScope();
        var power = mel.Power(torch.tensor(waveform.Data));
        var ours = (reference.Db ? LogMel.Compress(power, LogCompression.Decibel) : power).data<float>().ToArray();

        foreach (var precision in new[] { "f32", "f64" })
        {
            var theirs = Npy.Read(Fixtures.Path($"mel_{name}_{precision}.npy"));
            Assert.Equal(theirs.Shape, power.shape);
            var difference = MaxRelativeDifference(ToPower(ours, reference.Db), ToPower(theirs.Data, reference.Db));
            output.WriteLine($"{name} vs torchaudio {precision}: max relative difference {difference:E2}");
            Assert.True(difference <= Tolerance, $"{name} ({precision}): max relative difference {difference:E2}");
        }
    }

    static double[] ToPower(float[] values, bool decibels) =>
        values.Select(v => decibels ? Math.Pow(10, v / 10.0) : v).ToArray();

    static double MaxRelativeDifference(double[] ours, double[] theirs)
    {
        var floor = Tolerance * theirs.Max(Math.Abs);
        return ours.Zip(theirs).Max(pair => Math.Abs(pair.First - pair.Second) / Math.Max(Math.Abs(pair.Second), floor));
    }
}
