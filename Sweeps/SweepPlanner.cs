using System.Text.Json.Nodes;
using Grid.Learning;

namespace Grid.Grains.Specs;

/// <summary>A validated sweep: its spec and the trials it expands to.</summary>
public sealed record SweepPlan(SweepSpec Spec, IReadOnlyList<TrialDefinition> Trials)
{
    public int EpochsPerFold => Trials.Count == 0 ? 0 : Trials[0].Folds[0].Epochs;
}

/// <summary>Parses, validates and expands a spec; nothing starts unless this succeeds.</summary>
public static class SweepPlanner
{
    public static SweepPlan Plan(string experimentId, string specJson)
    {
        var spec = SweepSpecParser.Parse(specJson);
        var trials = SearchSpaceExpander.Expand(spec)
            .Select(point => BuildTrial(experimentId, spec, point))
            .ToArray();
        return new SweepPlan(spec, trials);
    }

    /// <summary>Refuses a spec whose jobs need more slots than any live silo has.</summary>
    public static void CheckResources(SweepSpec spec, ClusterView cluster)
    {
        if (cluster.Silos.Count == 0) return;
        var most = cluster.Silos.Max(silo => silo.Slots.Count(slot => Fits(slot, spec.Resources.Accelerator)));
        if (spec.Resources.Devices > most)
            throw new SpecException("resources.devices",
                $"{spec.Resources.Devices} {spec.Resources.Accelerator.ToString().ToLowerInvariant()} devices per job, but no silo has more than {most}");
    }

    public static bool Fits(SlotInfo slot, Accelerator accelerator) => accelerator switch
    {
        Accelerator.Gpu => slot.IsGpu,
        Accelerator.Cpu => !slot.IsGpu,
        _ => true,
    };

    private static TrialDefinition BuildTrial(string experimentId, SweepSpec spec, TrialPoint point)
    {
        var job = TrialResolver.Resolve(spec, point);
        PretrainingDefinition? pretraining = null;
        if (job.Pretraining is { } request)
        {
            var location = job.PretrainingCorpus!.Location;
            pretraining = new PretrainingDefinition(
                TrialResolver.PretrainingKey(RequestFormat.Serialize(request), location), request, location,
                request.Training.Epochs, spec.Retries, spec.Resources.Devices, spec.Resources.Accelerator);
        }

        // kNN fits no weights: one "epoch" that evaluates the frozen encoder.
        var epochs = job.Protocol == Learning.Training.Protocol.Knn ? 1 : job.Training.Epochs;
        var folds = spec.Dataset.Folds
            .Select((fold, position) => new FoldDefinition(
                fold, TrialResolver.FoldRequest(spec, job, fold), spec.Dataset.Location, epochs,
                spec.Retries, spec.Resources.Devices, spec.Resources.Accelerator, pretraining)
            {
                InterleavedPosition = spec.Stopping.Interleaves ? position + 1 : 0,
            })
            .ToArray();
        var parameters = point.Values.ToDictionary(v => v.Key, v => Display(v.Value));
        return new TrialDefinition(experimentId, point.Index, parameters, folds);
    }

    private static string Display(JsonNode value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value.ToJsonString();
}
