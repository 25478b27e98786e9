namespace Grid.Client.Reports;

/// <summary>How a report's trials were evaluated: k-fold cross-validation (fold averages) or one fixed train/validation/test split (GTZAN).</summary>
public enum EvaluationScheme { CrossValidation, FixedSplit }
