namespace Grid.Client.Reports;

/// <summary>
/// Everything a report shows, as plain data: the grid fills it from a sweep's results and
/// <see cref="ReportWriter"/> renders it. Accuracies are fractions in [0, 1].
/// </summary>
public sealed record ReportData
{
    /// <summary>Title of the report, e.g. the sweep's name or id.</summary>
    public required string ExperimentName { get; init; }

    /// <summary>Dataset shown in captions (us8k, esc50, gtzan, dcase2013...).</summary>
    public string Dataset { get; init; } = "";

    public EvaluationScheme Evaluation { get; init; } = EvaluationScheme.CrossValidation;

    /// <summary>Class names, indexed by label.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    public required IReadOnlyList<TrialData> Trials { get; init; }

    /// <summary>Loss per epoch of the pretraining runs the trials start from (MoCo, NPID).</summary>
    public IReadOnlyList<PretrainingCurve> Pretraining { get; init; } = [];

    /// <summary>The held-out fold whose predictions and embeddings are shown (the thesis shows fold 1).</summary>
    public int DetailFold { get; init; } = 1;

    /// <summary>The experiment seed; the t-SNE layouts derive theirs from it.</summary>
    public long Seed { get; init; }

    /// <summary>Caveats shown under the overview, e.g. an unfinished sweep or pretraining on validation folds.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>One trial: a configuration run over every fold.</summary>
public sealed record TrialData
{
    /// <summary>Unique within the report, e.g. "t03" or "moco-finetune-lr0.01".</summary>
    public required string Name { get; init; }

    /// <summary>The initialisation: MoCo, NPID, ImageNet (pretrained) or Scratch.</summary>
    public required string Initialisation { get; init; }

    /// <summary>The downstream protocol: fine-tune, freeze or kNN (scratch trials are trained end to end).</summary>
    public required string Protocol { get; init; }

    /// <summary>Trials with the same group share a validation-curve plot and a row of the experiment table (e.g. "ResNet-18").</summary>
    public string Group { get; init; } = "all trials";

    /// <summary>The trial's swept parameter values, e.g. lr → "0.01"; numbers are plotted on a numeric axis.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Validation accuracy per epoch, one curve per fold (a single curve, the validation split, for a fixed split).</summary>
    public required IReadOnlyList<FoldCurve> Folds { get; init; }

    /// <summary>
    /// Folds still training, with the epochs they have finished so far: drawn as partial (dashed) curves, never part of
    /// the fold mean or the tables. A trial may have only running folds; it is then drawn but not tabled.
    /// </summary>
    public IReadOnlyList<FoldCurve> RunningFolds { get; init; } = [];

    /// <summary>Folds a stopping rule stopped; such a trial ranks after every trial without one (<see cref="Grid.Grains.TrialRanking"/>).</summary>
    public IReadOnlyList<int> StoppedFolds { get; init; } = [];

    /// <summary>The K that cross-validation chose for a kNN trial.</summary>
    public int? ChosenK { get; init; }

    /// <summary>Fixed split only: test accuracy of the model from the best validation epoch.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>Predictions (and embeddings, for t-SNE) on the held-out data of <see cref="ReportData.DetailFold"/>.</summary>
    public FoldPredictionSet? Detail { get; init; }

    /// <summary>"MoCo fine-tune", "ImageNet freeze", "Scratch": the experiment table's column.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Method =>
        Initialisation.Equals("scratch", StringComparison.OrdinalIgnoreCase) ? Initialisation : $"{Initialisation} {Protocol}";
}

/// <summary>Validation accuracy after each epoch (index 0 is epoch 1) of one fold.</summary>
public sealed record FoldCurve(int Fold, IReadOnlyList<double> ValidationAccuracy);

/// <summary>A pretraining run's loss per epoch; <paramref name="Method"/> (MoCo, NPID) picks the plot it goes on.</summary>
public sealed record PretrainingCurve(string Label, string Method, IReadOnlyList<double> Loss);

/// <summary>One fold's held-out predictions: true and predicted label per clip, and optionally each clip's embedding.</summary>
public sealed record FoldPredictionSet(int Fold, IReadOnlyList<int> Labels, IReadOnlyList<int> Predicted,
    IReadOnlyList<float[]>? Embeddings = null);
