using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Grains.Specs;

/// <summary>Range checks on a resolved job, each failure naming its field.</summary>
internal static class JobChecks
{
    private static readonly string[] Architectures = ["resnet18", "resnet34", "resnet50"];

    public static void Check(ResolvedJob job, DatasetSpec dataset, string where)
    {
        Require(Architectures.Contains(job.Model.Architecture), "model.architecture", $"'{job.Model.Architecture}' is not one of {string.Join(", ", Architectures)}", where);
        Require(job.Model.Width >= 1, "model.width", $"must be at least 1 (got {job.Model.Width})", where);
        CheckTraining(job.Training, "training", where);

        var features = job.Features;
        Require(features.SampleRate >= 1000, "features.sampleRate", $"must be at least 1000 Hz (got {features.SampleRate})", where);
        Require(features.NFft >= 16, "features.nFft", $"must be at least 16 (got {features.NFft})", where);
        Require(features.HopLength >= 1, "features.hopLength", $"must be at least 1 (got {features.HopLength})", where);
        Require(features.NMels >= 1, "features.nMels", $"must be at least 1 (got {features.NMels})", where);
        Require(features.ClipSeconds > 0, "features.clipSeconds", $"must be positive (got {features.ClipSeconds})", where);
        Require(features.FMax is null || features.FMax > features.FMin, "features.fMax", "must be above fMin", where);

        if (job.Pretraining is { } pretraining)
            CheckPretraining(pretraining, job.PretrainingCorpus ?? dataset, where);

        var needsEncoder = job.Protocol is Protocol.Finetune or Protocol.Freeze or Protocol.Knn;
        Require(!needsEncoder || job.Pretraining is not null || job.InitPath is not null, "protocol",
            $"{job.Protocol.ToString().ToLowerInvariant()} starts from an encoder: add a pretraining block or initPath", where);
        Require(job.Protocol != Protocol.Pretrained || job.InitPath is not null, "initPath", "the pretrained protocol needs a weights file", where);
    }

    private static void CheckTraining(TrainingOptions training, string prefix, string where)
    {
        Require(training.Epochs >= 1, $"{prefix}.epochs", $"must be at least 1 (got {training.Epochs})", where);
        Require(training.BatchSize >= 1, $"{prefix}.batchSize", $"must be at least 1 (got {training.BatchSize})", where);
        Require(training.Optimizer is "sgd" or "adam", $"{prefix}.optimizer", $"'{training.Optimizer}' is not sgd or adam", where);
        Require(training.LearningRate > 0 && double.IsFinite(training.LearningRate), $"{prefix}.learningRate", $"must be positive (got {training.LearningRate})", where);
        Require(training.Momentum is >= 0 and < 1, $"{prefix}.momentum", $"must be in [0, 1) (got {training.Momentum})", where);
        Require(training.WeightDecay >= 0, $"{prefix}.weightDecay", $"must not be negative (got {training.WeightDecay})", where);
        Require(training.Schedule is "cosine" or "step" or "multistep" or "constant", $"{prefix}.schedule", $"'{training.Schedule}' is not cosine, step, multistep or constant", where);
        Require(training.WarmupEpochs >= 0 && training.WarmupEpochs < training.Epochs, $"{prefix}.warmupEpochs", $"must be in [0, epochs) (got {training.WarmupEpochs})", where);
        Require(training.StepSize >= 1, $"{prefix}.stepSize", $"must be at least 1 (got {training.StepSize})", where);
        Require(training.StepGamma > 0, $"{prefix}.stepGamma", $"must be positive (got {training.StepGamma})", where);
        var milestoneProblem = LearningRateSchedule.MilestoneProblem(training.Milestones);
        Require(milestoneProblem is null, $"{prefix}.milestones", milestoneProblem ?? "", where);
        Require(training.KnnTemperature > 0, $"{prefix}.knnTemperature", $"must be positive (got {training.KnnTemperature})", where);
        Require(training.KnnCandidates.Count > 0 && training.KnnCandidates.All(k => k >= 1), $"{prefix}.knnCandidates", "must list positive K values", where);
    }

    private static void CheckPretraining(PretrainRequest pretraining, DatasetSpec dataset, string where)
    {
        Require(Enum.IsDefined(pretraining.Method), "pretraining.method", "must be moco or npid", where);
        Require(pretraining.MocoVersion is 1 or 2, "pretraining.mocoVersion", $"must be 1 or 2 (got {pretraining.MocoVersion})", where);
        Require(pretraining.QueueSize >= 1, "pretraining.queueSize", $"must be at least 1 (got {pretraining.QueueSize})", where);
        Require(pretraining.KeyMomentum is >= 0 and < 1, "pretraining.keyMomentum", $"must be in [0, 1) (got {pretraining.KeyMomentum})", where);
        Require(pretraining.Temperature is null or > 0, "pretraining.temperature", $"must be positive (got {pretraining.Temperature})", where);
        Require(pretraining.ProjectionDim >= 1, "pretraining.projectionDim", $"must be at least 1 (got {pretraining.ProjectionDim})", where);
        Require(pretraining.NceNegatives >= 1, "pretraining.nceNegatives", $"must be at least 1 (got {pretraining.NceNegatives})", where);
        Require(pretraining.MemoryMomentum is >= 0 and <= 1, "pretraining.memoryMomentum", $"must be in [0, 1] (got {pretraining.MemoryMomentum})", where);
        Require(pretraining.BatchNormSplits >= 1, "pretraining.batchNormSplits", $"must be at least 1 (got {pretraining.BatchNormSplits})", where);
        var badFold = pretraining.Folds.Select(f => DatasetLayouts.WhyNotFold(dataset.Layout, f)).FirstOrDefault(problem => problem is not null);
        Require(badFold is null, "pretraining.folds", badFold ?? "", where);
        CheckTraining(pretraining.Training, "pretraining.training", where);
    }

    private static void Require(bool condition, string field, string problem, string where)
    {
        if (!condition) throw new SpecException(field, problem + where);
    }
}
