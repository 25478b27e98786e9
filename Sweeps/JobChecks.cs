using Grid.Learning.Settings;
using Grid.Learning.Training;

namespace Grid.Grains.Specs;

/// <summary>
/// Checks a resolved job with the learning library's own <c>Validate()</c> of each request record (the same ranges the
/// library applies when the job runs), plus what only a spec knows (the corpus's folds, where the encoder comes from).
/// The first problem is thrown as a <see cref="SpecException"/> naming its spec field.
/// </summary>
internal static class JobChecks
{
    public static void Check(ResolvedJob job, DatasetSpec dataset, string where)
    {
        Throw(job.Model.Validate(), "model", where);
        Throw(job.Training.Validate(), "training", where);
        Throw(job.Features.Validate(), "features", where);

        if (job.Pretraining is { } pretraining)
        {
            // The corpus's own folds first: "us8k has folds 1-10, not 0" says more than a generic range.
            var corpus = job.PretrainingCorpus ?? dataset;
            var badFold = pretraining.Folds.Select(f => DatasetLayouts.WhyNotFold(corpus.Layout, f)).FirstOrDefault(problem => problem is not null);
            Require(badFold is null, "pretraining.folds", badFold ?? "", where);
            Throw(pretraining.Validate(), "pretraining", where);
        }

        var needsEncoder = job.Protocol is Protocol.Finetune or Protocol.Freeze or Protocol.Knn;
        Require(!needsEncoder || job.Pretraining is not null || job.InitPath is not null, "protocol",
            $"{job.Protocol.ToString().ToLowerInvariant()} starts from an encoder: add a pretraining block or initPath", where);
        Require(job.Protocol != Protocol.Pretrained || job.InitPath is not null, "initPath", "the pretrained protocol needs a weights file", where);
    }

    private static void Throw(IReadOnlyList<SettingProblem> problems, string prefix, string where)
    {
        if (problems.Count > 0)
        {
            var first = problems[0].Under(prefix);
            throw new SpecException(first.Field, first.Reason + where);
        }
    }

    private static void Require(bool condition, string field, string problem, string where)
    {
        if (!condition) throw new SpecException(field, problem + where);
    }
}
