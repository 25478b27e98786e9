using System.Globalization;
using Grid.Grains;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Client.SweepReports;

/// <summary>How a planned trial is named in the thesis's terms: its initialisation, protocol and model group.</summary>
public static class TrialMethods
{
    public static FoldJobRequest Request(TrialDefinition trial) =>
        trial.Folds[0].Request ?? throw new InvalidDataException($"trial {trial.Index}: its fold request is null");

    public static PretrainRequest? Pretraining(PretrainingDefinition? definition) => definition?.Request;

    /// <summary>Fine-tune, freeze and kNN start from a pretrained encoder; scratch and pretrained (a weights file) do not use the spec's pretraining.</summary>
    public static bool UsesPretraining(Protocol protocol) => protocol is Protocol.Finetune or Protocol.Freeze or Protocol.Knn;

    public static bool IsKnn(TrialDefinition trial) => Request(trial).Protocol == Protocol.Knn;

    /// <summary>"MoCo", "NPID", "Pretrained" (weights from a file) or "Scratch".</summary>
    public static string Initialisation(Protocol protocol, PretrainMethod? pretraining) => protocol switch
    {
        Protocol.Scratch => "Scratch",
        Protocol.Pretrained => "Pretrained",
        _ => pretraining is { } method ? MethodName(method) : "Pretrained",
    };

    /// <summary>"fine-tune", "freeze", "kNN"; a scratch trial is trained end to end ("scratch").</summary>
    public static string ProtocolName(Protocol protocol) => protocol switch
    {
        Protocol.Freeze => "freeze",
        Protocol.Knn => "kNN",
        Protocol.Scratch => "scratch",
        _ => "fine-tune",
    };

    public static string MethodName(PretrainMethod method) => method == PretrainMethod.Moco ? "MoCo" : "NPID";

    /// <summary>"resnet18" → "ResNet-18"; with the width when trials differ in it.</summary>
    public static string Group(ModelOptions model, bool showWidth)
    {
        var architecture = model.Architecture.StartsWith("resnet", StringComparison.OrdinalIgnoreCase)
            ? $"ResNet-{model.Architecture["resnet".Length..]}"
            : model.Architecture;
        return showWidth ? string.Create(CultureInfo.InvariantCulture, $"{architecture} (width {model.Width})") : architecture;
    }

    /// <summary>A pretraining run's caption: method and its main hyperparameters, e.g. "MoCo v2 (K=4096, t=0.2, 200 epochs)".</summary>
    public static string PretrainingLabel(PretrainRequest request)
    {
        var temperature = request.Temperature ?? (request.Method == PretrainMethod.Npid || request.MocoVersion == 1 ? 0.07 : 0.2);
        var details = request.Method == PretrainMethod.Moco
            ? string.Create(CultureInfo.InvariantCulture, $"MoCo v{request.MocoVersion} (K={request.QueueSize}, t={temperature}")
            : string.Create(CultureInfo.InvariantCulture, $"NPID ({request.NceNegatives} noise samples, t={temperature}");
        return string.Create(CultureInfo.InvariantCulture, $"{details}, {request.Training.Epochs} epochs)");
    }

    public static string FoldList(IEnumerable<int> folds) => string.Join(", ", folds.Order());
}
