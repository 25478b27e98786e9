using System.CommandLine;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Client;

/// <summary><c>grid pretrain</c> (MoCo / NPID) and <c>grid train</c> (one fold of a downstream protocol), run in this process.</summary>
public static class TrainingCommands
{
    /// <summary><c>grid train</c>.</summary>
    public static Command Create()
    {
        var shared = new SharedOptions(new TrainingOptions());
        var fold = new Option<int>("--fold") { Description = "Held-out (validation) fold, 1-based", Required = true };
        var protocol = ChoiceOptions.Of<Protocol>("--protocol", "Downstream protocol", null);
        var init = new Option<string?>("--init") { Description = "Pretraining checkpoint (finetune, freeze, knn) or weights file (pretrained)" };
        var json = new Option<string?>("--json") { Description = "Write the per-epoch metrics and best predictions as JSON" };
        var command = new Command("train", "Train and validate one fold with a downstream protocol");
        foreach (var option in new Option[] { fold, protocol, init, json }) command.Options.Add(option);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => OnJobThread("train", () =>
        {
            var request = new FoldJobRequest
            {
                DatasetRoot = parse.GetValue(shared.Data)!,
                Layout = parse.GetValue(shared.Layout)!,
                Fold = parse.GetValue(fold),
                Protocol = ChoiceOptions.Value<Protocol>(parse, protocol),
                InitPath = parse.GetValue(init),
                Model = shared.Model(parse),
                Training = shared.Training(parse),
                Features = shared.Features(parse),
                Seed = parse.GetValue(shared.Seed),
                Threads = parse.GetValue(shared.Threads),
                DataWorkers = parse.GetValue(shared.DataWorkers),
                BatchWorkers = parse.GetValue(shared.BatchWorkers),
                SkipBadClips = parse.GetValue(shared.SkipBad),
                CacheDirectory = parse.GetValue(shared.Cache),
            };
            OptionProblems.ThrowIfAny(request.Validate());
            var epochs = request.Protocol == Protocol.Knn ? 1 : request.Training.Epochs;
            var result = FoldJob.Run(request, null, new ConsoleFoldObserver(epochs), cancellationToken);
            ReportSkipped(result.SkippedClips);
            Console.WriteLine($"encoder: {result.Initialisation}");
            Console.WriteLine($"best epoch {result.BestEpoch}: accuracy {result.BestAccuracy:F4}"
                + (result.TestAccuracyAtBest is { } test ? $", test accuracy {test:F4}" : "")
                + (result.ChosenK is { } k ? $" (k = {k})" : ""));
            var jsonPath = parse.GetValue(json);
            if (jsonPath is not null) FoldResultJson.Write(jsonPath, result);
            return 0;
        }));
        return command;
    }

    /// <summary><c>grid pretrain</c>.</summary>
    public static Command CreatePretrain()
    {
        var defaults = new PretrainRequest { DatasetRoot = "", Layout = "" };   // the thesis's settings, read from the record
        var shared = new SharedOptions(defaults.Training);
        var method = ChoiceOptions.Of<PretrainMethod>("--method", "Contrastive method", defaults.Method);
        var output = new Option<string>("--out") { Description = "Checkpoint file, rewritten after every epoch", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from --out when it exists" };
        var folds = new Option<int[]>("--folds") { Description = "Folds to pretrain on (default: all)", AllowMultipleArgumentsPerToken = true };
        var mocoVersion = new Option<int>("--moco-version") { Description = "MoCo 1 (linear head, t 0.07) or 2 (MLP head, t 0.2)", DefaultValueFactory = _ => defaults.MocoVersion };
        var queue = new Option<int>("--queue-size") { Description = "MoCo queue K (a multiple of the batch size; longer than the clip count is allowed, with a warning)", DefaultValueFactory = _ => defaults.QueueSize };
        var keyMomentum = new Option<double>("--key-momentum") { Description = "MoCo key-encoder momentum", DefaultValueFactory = _ => defaults.KeyMomentum };
        var temperature = new Option<double?>("--temperature") { Description = "Softmax temperature (default: MoCo v1 0.07, v2 0.2, NPID 0.07)" };
        var negatives = new Option<int>("--nce-negatives") { Description = "NPID noise samples per clip", DefaultValueFactory = _ => defaults.NceNegatives };
        var memoryMomentum = new Option<double>("--memory-momentum") { Description = "NPID weight of the old memory-bank entry", DefaultValueFactory = _ => defaults.MemoryMomentum };
        var splits = new Option<int>("--batchnorm-splits") { Description = "MoCo: BatchNorm groups per batch, key batch shuffled (1: off)", DefaultValueFactory = _ => defaults.BatchNormSplits };
        var command = new Command("pretrain", "Contrastive pretraining (MoCo or NPID) of an encoder on unlabelled clips");
        foreach (var option in new Option[] { method, output, resume, folds, mocoVersion, queue, keyMomentum, temperature, negatives, memoryMomentum, splits })
            command.Options.Add(option);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => OnJobThread("pretrain", () =>
        {
            var request = new PretrainRequest
            {
                DatasetRoot = parse.GetValue(shared.Data)!,
                Layout = parse.GetValue(shared.Layout)!,
                Folds = parse.GetValue(folds) ?? [],
                Method = ChoiceOptions.Value<PretrainMethod>(parse, method),
                MocoVersion = parse.GetValue(mocoVersion),
                QueueSize = parse.GetValue(queue),
                KeyMomentum = parse.GetValue(keyMomentum),
                Temperature = parse.GetValue(temperature),
                NceNegatives = parse.GetValue(negatives),
                MemoryMomentum = parse.GetValue(memoryMomentum),
                BatchNormSplits = parse.GetValue(splits),
                Model = shared.Model(parse),
                Training = shared.Training(parse),
                Features = shared.Features(parse),
                Seed = parse.GetValue(shared.Seed),
                Threads = parse.GetValue(shared.Threads),
                DataWorkers = parse.GetValue(shared.DataWorkers),
                BatchWorkers = parse.GetValue(shared.BatchWorkers),
                SkipBadClips = parse.GetValue(shared.SkipBad),
                CacheDirectory = parse.GetValue(shared.Cache),
            };
            OptionProblems.ThrowIfAny(request.Validate());
            var path = parse.GetValue(output)!;
            using var resumeFrom = parse.GetValue(resume) && File.Exists(path) ? new MemoryStream(File.ReadAllBytes(path)) : null;
            var result = PretrainJob.Run(request, resumeFrom, new CheckpointFileObserver(path, request.Training.Epochs), cancellationToken);
            ReportSkipped(result.SkippedClips);
            foreach (var warning in result.Warnings) Console.Error.WriteLine($"warning: {warning}");
            Console.WriteLine($"wrote {path} after {result.EpochLosses.Count} epochs; final loss {result.EpochLosses[^1]:F4}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Runs a job on a dedicated thread (jobs are synchronous and long); an option out of range ends it with one line
    /// on stderr and exit code 2, a bad dataset or file with one line and exit code 1, a cancellation (Ctrl-C) with
    /// exit code 130.
    /// </summary>
    private static Task<int> OnJobThread(string name, Func<int> job) => Task.Factory.StartNew(() =>
    {
        try
        {
            return job();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"grid {name}: cancelled");
            return 130;
        }
        catch (BadOptionException error)
        {
            Console.Error.WriteLine($"grid {name}: {error.Message}");
            return CommandRunner.BadInput;
        }
        catch (Exception error) when (error is ArgumentException or InvalidDataException or IOException or AudioFormatException
                                          or Grid.Learning.Data.DatasetFormatException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"grid {name}: {error.Message}");
            return 1;
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void ReportSkipped(IReadOnlyList<string> skipped)
    {
        foreach (var clip in skipped) Console.Error.WriteLine($"warning: skipped {clip}");
        if (skipped.Count > 0) Console.Error.WriteLine($"warning: {skipped.Count} clips skipped");
    }

    private static string DataWaitPercent(double waited, double seconds) =>
        seconds > 0 ? (100 * waited / seconds).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "-";

    /// <summary>Prints one line per epoch.</summary>
    private sealed class ConsoleFoldObserver(int epochs) : IFoldJobObserver
    {
        public void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint) =>
            Console.WriteLine($"epoch {metrics.Epoch}/{epochs}: train loss {metrics.TrainLoss:F4}, validation loss {metrics.ValidationLoss:F4}, " +
                              $"accuracy {metrics.Accuracy:F4} ({metrics.Seconds:F1} s, data wait {DataWaitPercent(metrics.DataWaitSeconds, metrics.Seconds)} %)");

        public void DataProgress(StoreProgress progress) => Console.Error.WriteLine(progress);
    }

    /// <summary>Prints one line per epoch and replaces the checkpoint file atomically (temp file + rename).</summary>
    private sealed class CheckpointFileObserver(string path, int epochs) : IPretrainObserver
    {
        private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        private double dataWait;

        public void EpochDataWait(int epoch, double dataWaitSeconds) => dataWait = dataWaitSeconds;

        public void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint)
        {
            var seconds = clock.Elapsed.TotalSeconds;
            var temporary = path + ".tmp";
            using (var file = File.Create(temporary)) writeCheckpoint(file);
            File.Move(temporary, path, overwrite: true);
            Console.WriteLine($"epoch {epoch}/{epochs}: loss {loss:F4} ({seconds:F1} s, data wait {DataWaitPercent(dataWait, seconds)} %)");
            clock.Restart();
        }

        public void DataProgress(StoreProgress progress) => Console.Error.WriteLine(progress);
    }
}
