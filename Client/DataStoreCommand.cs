using System.CommandLine;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.Training;

namespace Grid.Client;

/// <summary>
/// <c>grid data store DIR --layout L --cache C</c>: builds (or checks) the waveform store a job on this machine
/// would use for the dataset at one sample rate, ahead of the jobs, printing progress to stderr. For a silo, point
/// <c>--cache</c> at <c>Runner:CacheDirectory</c>/clips and DIR at the dataset folder the jobs read.
/// </summary>
public static class DataStoreCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "The dataset's root folder" };
        var layout = ChoiceOptions.Among("--layout", "Dataset layout", DatasetLayouts.Names, null);
        var cache = new Option<string>("--cache") { Description = "Folder of the waveform stores", Required = true };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Feature sample rate (Hz)", DefaultValueFactory = _ => new FeatureOptions().SampleRate };
        var workers = new Option<int>("--data-workers") { Description = "Threads decoding clips the store misses", DefaultValueFactory = _ => Environment.ProcessorCount };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Record clips that fail to decode instead of stopping at the first" };
        var command = new Command("store", "Build the decoded, resampled waveform store of a dataset ahead of the jobs") { dir, layout, cache, sampleRate, workers, skipBad };
        command.SetAction((parse, cancellationToken) =>
        {
            try
            {
                if (FeatureOptions.SampleRateRange.Check(parse.GetValue(sampleRate)) is { } badRate)
                    throw new BadOptionException($"--sample-rate: {badRate.Reason}");
                if (FoldJobRequest.DataWorkersRange.Check(parse.GetValue(workers)) is { } badWorkers)
                    throw new BadOptionException($"--data-workers: {badWorkers.Reason}");
                var root = parse.GetValue(dir)!;
                var index = DatasetLayouts.Read(parse.GetValue(layout)!, root, new DatasetReadOptions { SkipBad = parse.GetValue(skipBad) });
                var options = new WaveformStoreOptions(root, parse.GetValue(sampleRate))
                {
                    CacheDirectory = parse.GetValue(cache)!,
                    Workers = parse.GetValue(workers),
                    SkipBad = parse.GetValue(skipBad),
                    Progress = progress => Console.Error.WriteLine(progress),
                };
                using var store = WaveformStore.Open(index.Clips.Select(c => c.Path), options, cancellationToken);
                var failed = index.Clips.Count(c => store.Entry(c.Path).Entry.Failed);
                Console.WriteLine($"{store.Directory}: {index.Clips.Count} clips, {store.Decoded} decoded now, {store.Copied} copied, {failed} failed");
                return Task.FromResult(CommandRunner.Ok);
            }
            catch (Exception error) when (error is ArgumentException or InvalidDataException or AudioFormatException or DatasetFormatException)
            {
                Console.Error.WriteLine($"grid data store: {error.Message}");
                return Task.FromResult(1);
            }
        });
        return command;
    }
}
