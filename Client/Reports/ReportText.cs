using System.Globalization;

namespace Grid.Client.Reports;

/// <summary>How numbers and names appear in the report; tests format the expected values through the same functions.</summary>
public static class ReportText
{
    /// <summary>A fraction as a percentage with two decimals: 0.78345 → "78.35".</summary>
    public static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>"78.35 ± 4.12" (percentages).</summary>
    public static string MeanStd(double mean, double std) => $"{Percent(mean)} ± {Percent(std)}";

    /// <summary>A fraction in [0, 1] with three decimals, for precision, recall and F1.</summary>
    public static string Ratio(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>A p-value: four significant digits, scientific below 1e-4.</summary>
    public static string PValue(double p) =>
        double.IsNaN(p) ? "n/a" : p < 1e-4 ? p.ToString("0.###e+0", CultureInfo.InvariantCulture) : p.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Up to four decimals; "n/a" for NaN and ±∞ spelled out (a t statistic when every difference is equal).</summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "n/a",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "−∞",
        _ => value.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>"1 epoch", "3 epochs".</summary>
    public static string EpochCount(int epochs) => epochs == 1 ? "1 epoch" : $"{epochs} epochs";

    public static string TrialLabel(TrialData trial) => $"{trial.Method} ({trial.Name})";

    /// <summary>The thesis's column order: MoCo, NPID, ImageNet/pretrained, others, then scratch; fine-tune, freeze, kNN within each.</summary>
    public static (int Initialisation, int Protocol, string Name) MethodOrder(TrialData trial)
    {
        string[] initialisations = ["moco", "npid", "imagenet", "pretrained"];
        string[] protocols = ["finetune", "fine-tune", "freeze", "knn"];
        var init = trial.Initialisation.ToLowerInvariant();
        var initRank = init == "scratch" ? 99 : Array.IndexOf(initialisations, init) is var i and >= 0 ? i : 50;
        var protocolRank = Array.IndexOf(protocols, trial.Protocol.ToLowerInvariant()) is var p and >= 0 ? p : 50;
        return (initRank, protocolRank, trial.Method);
    }
}
