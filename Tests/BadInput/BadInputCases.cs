namespace Grid.Tests.BadInput;

/// <summary>One hostile or broken input: the command line (<c>{f}</c> is the files folder), the exit code, a phrase of the line.</summary>
public sealed record BadInputCase(string Name, string[] Arguments, int ExitCode, string Says, bool BoundedMemory = false)
{
    public override string ToString() => Name;
}

/// <summary>The cases of the bad-input suite, over every command; exit codes as README documents (1 failure, 2 bad input, 3 unreachable).</summary>
public static class BadInputCases
{
    private const int Failure = 1, BadInput = 2;

    private static string[] Train(params string[] extra) =>
        ["train", "--data", "{f}/empty-folder", "--layout", "csv", "--fold", "1", "--protocol", "scratch", "--threads", "1", .. extra];

    private static string[] Pretrain(params string[] extra) =>
        ["pretrain", "--data", "{f}/empty-folder", "--layout", "csv", "--out", "{f}/never.ckpt", "--threads", "1", .. extra];

    private static string[] Features(string file, params string[] extra) => ["features", "{f}/" + file, "--out", "{f}/never.npy", .. extra];

    private static string[] Launch(string spec) => ["sweep", "launch", "{f}/" + spec + ".json"];

    public static IReadOnlyList<BadInputCase> All { get; } =
    [
        // Audio files (WAV and AU) through grid features.
        new("wav empty", Features("empty.wav"), Failure, "empty file"),
        new("wav short header", Features("short-header.wav"), Failure, "truncated chunk header"),
        new("wav not riff", Features("not-riff.wav"), Failure, "unrecognised format"),
        new("wav not wave", Features("not-wave.wav"), Failure, "expected \"WAVE\""),
        new("wav 1 Hz", Features("rate-1hz.wav"), Failure, "invalid sample rate 1 ", BoundedMemory: true),
        new("wav 999 Hz", Features("rate-999hz.wav"), Failure, "invalid sample rate 999"),
        new("wav 500 kHz", Features("rate-500khz.wav"), Failure, "invalid sample rate 500000"),
        new("wav uint max rate", Features("rate-max.wav"), Failure, "invalid sample rate"),
        new("wav zero channels", Features("zero-channels.wav"), Failure, "zero channels"),
        new("wav 4000 channels", Features("many-channels.wav"), Failure, "4000 channels"),
        new("wav NaN sample", Features("nan.wav"), Failure, "non-finite sample"),
        new("wav infinite sample", Features("inf.wav"), Failure, "non-finite sample"),
        new("wav data before fmt", Features("data-first.wav"), Failure, "before any fmt"),
        new("wav no data", Features("no-data.wav"), Failure, "no data chunk"),
        new("wav unknown tag", Features("bad-tag.wav"), Failure, "unsupported format tag"),
        new("wav 12-bit", Features("bad-bits.wav"), Failure, "unsupported bit depth"),
        new("wav chunk past end", Features("huge-chunk.wav"), Failure, "truncated \"LIST\" chunk", BoundedMemory: true),
        new("au 1 Hz", Features("rate-1hz.au"), Failure, "invalid sample rate 1 ", BoundedMemory: true),
        new("au NaN sample", Features("nan.au"), Failure, "non-finite sample"),
        new("au zero channels", Features("zero-channels.au"), Failure, "zero channels"),
        new("au unknown encoding", Features("bad-encoding.au"), Failure, "unsupported AU encoding"),
        new("au offset past end", Features("offset-past-end.au"), Failure, "outside the file"),
        new("au short header", Features("short.au"), Failure, "truncated AU header"),
        new("audio missing", Features("absent.wav"), Failure, "cannot be read"),

        // Feature options.
        new("features n-fft 3", Features("good.wav", "--n-fft", "3"), BadInput, "--n-fft"),
        new("features n-mels 20000", Features("good.wav", "--n-mels", "20000"), BadInput, "--n-mels"),
        new("features f-min NaN", Features("good.wav", "--f-min", "NaN"), BadInput, "--f-min"),
        new("features f-min negative", Features("good.wav", "--f-min", "-1"), BadInput, "--f-min"),
        new("features f-max above nyquist", Features("good.wav", "--f-max", "9000", "--sample-rate", "16000"), BadInput, "--f-max (9000)"),
        new("features f-max infinite", Features("good.wav", "--f-max", "Infinity"), BadInput, "--f-max"),
        new("features sample-rate 0", Features("good.wav", "--sample-rate", "0"), BadInput, "--sample-rate"),
        new("features sample-rate 500000", Features("good.wav", "--sample-rate", "500000"), BadInput, "--sample-rate"),
        new("features hop 0", Features("good.wav", "--hop", "0"), BadInput, "--hop"),
        new("features hop overflow", Features("good.wav", "--hop", "99999999999"), BadInput, "--hop"),
        new("features mel-scale bark", Features("good.wav", "--mel-scale", "bark"), BadInput, "bark"),
        new("features log ln", Features("good.wav", "--log", "ln"), BadInput, "ln"),
        new("features no out", ["features", "{f}/good.wav"], BadInput, "--out"),
        new("features unwritable out", ["features", "{f}/good.wav", "--out", "{f}/no/such/folder/x.npy"], Failure, "cannot write"),

        // Training options: each refused by the request record's own range, naming the option.
        new("train batch-size 0", Train("--batch-size", "0"), BadInput, "--batch-size"),
        new("train batch-size negative", Train("--batch-size", "-5"), BadInput, "--batch-size"),
        new("train epochs 0", Train("--epochs", "0"), BadInput, "--epochs"),
        new("train epochs 100000", Train("--epochs", "100000"), BadInput, "--epochs"),
        new("train epochs not a number", Train("--epochs", "many"), BadInput, "many"),
        new("train lr 0", Train("--lr", "0"), BadInput, "--lr"),
        new("train lr NaN", Train("--lr", "NaN"), BadInput, "--lr"),
        new("train lr Infinity", Train("--lr", "Infinity"), BadInput, "--lr"),
        new("train width 0", Train("--width", "0"), BadInput, "--width"),
        new("train width 20000", Train("--width", "20000"), BadInput, "--width"),
        new("train optimizer lamb", Train("--optimizer", "lamb"), BadInput, "lamb"),
        new("train schedule linear", Train("--schedule", "linear"), BadInput, "linear"),
        new("train protocol simclr", ["train", "--data", "{f}", "--layout", "csv", "--fold", "1", "--protocol", "simclr"], BadInput, "simclr"),
        new("train layout unknown", ["train", "--data", "{f}", "--layout", "imagenet", "--fold", "1", "--protocol", "scratch"], BadInput, "imagenet"),
        new("train model resnet1000", Train("--model", "resnet1000"), BadInput, "resnet1000"),
        new("train warmup equals epochs", Train("--epochs", "5", "--warmup-epochs", "5"), BadInput, "--warmup-epochs"),
        new("train milestones backwards", Train("--schedule", "multistep", "--milestones", "3,2"), BadInput, "--milestones"),
        new("train milestones text", Train("--milestones", "3,late"), BadInput, "late"),
        new("train step-gamma 0", Train("--step-gamma", "0"), BadInput, "--step-gamma"),
        new("train weight-decay negative", Train("--weight-decay", "-1"), BadInput, "--weight-decay"),
        new("train pitch-shift 100", Train("--pitch-shift", "100"), BadInput, "--pitch-shift"),
        new("train threads 0", Train("--threads", "0"), BadInput, "--threads"),
        new("train data-workers 0", Train("--data-workers", "0"), BadInput, "--data-workers"),
        new("train sample-rate 1", Train("--sample-rate", "1"), BadInput, "--sample-rate"),
        new("train clip-seconds 0", Train("--clip-seconds", "0"), BadInput, "--clip-seconds"),
        new("train clip-seconds NaN", Train("--clip-seconds", "NaN"), BadInput, "--clip-seconds"),
        new("train n-mels 20000", Train("--n-mels", "20000"), BadInput, "--n-mels"),
        new("train n-fft 3", Train("--n-fft", "3"), BadInput, "--n-fft"),
        new("train fold 0", ["train", "--data", "{f}", "--layout", "csv", "--fold", "0", "--protocol", "scratch"], BadInput, "--fold"),
        new("train unknown option", Train("--learning-rate", "0.1"), BadInput, "--learning-rate"),
        new("train dataset missing", ["train", "--data", "{f}/absent", "--layout", "csv", "--fold", "1", "--protocol", "scratch", "--threads", "1"], Failure, "absent"),
        new("train pretrained without weights", ["train", "--data", "{f}/empty-folder", "--layout", "csv", "--fold", "1", "--protocol", "pretrained"], BadInput, "--init"),

        // Pretraining options.
        new("pretrain memory-momentum 1", Pretrain("--method", "npid", "--memory-momentum", "1"), BadInput, "--memory-momentum"),
        new("pretrain key-momentum 1", Pretrain("--key-momentum", "1"), BadInput, "--key-momentum"),
        new("pretrain queue-size 0", Pretrain("--queue-size", "0"), BadInput, "--queue-size"),
        new("pretrain nce-negatives 0", Pretrain("--method", "npid", "--nce-negatives", "0"), BadInput, "--nce-negatives"),
        new("pretrain moco-version 3", Pretrain("--moco-version", "3"), BadInput, "--moco-version"),
        new("pretrain temperature 0", Pretrain("--temperature", "0"), BadInput, "--temperature"),
        new("pretrain batchnorm-splits 0", Pretrain("--batchnorm-splits", "0"), BadInput, "--batchnorm-splits"),
        new("pretrain method simclr", Pretrain("--method", "simclr"), BadInput, "simclr"),
        new("pretrain folds 0", Pretrain("--folds", "0"), BadInput, "--folds"),

        // Datasets: CSV metadata, names, paths.
        new("csv path climbs out", ["data", "check", "{f}/csv-escape", "--layout", "csv"], Failure, "leaves the dataset root"),
        new("csv absolute path", ["data", "check", "{f}/csv-absolute", "--layout", "csv"], Failure, "leaves the dataset root"),
        new("csv NaN clip reported", ["data", "check", "{f}/csv-nan", "--layout", "csv"], Failure, "non-finite sample"),
        new("csv fold not a number", ["data", "check", "{f}/csv-bad-fold", "--layout", "csv"], Failure, "labels.csv"),
        new("csv fold 2^31", ["data", "check", "{f}/csv-huge-fold", "--layout", "csv"], Failure, "above the largest fold", BoundedMemory: true),
        new("csv without header", ["data", "check", "{f}/csv-no-header", "--layout", "csv"], Failure, "labels.csv"),
        new("data check missing folder", ["data", "check", "{f}/absent", "--layout", "us8k"], Failure, "absent"),
        new("data check unknown layout", ["data", "check", "{f}", "--layout", "mnist"], BadInput, "mnist"),
        new("data synth unknown layout", ["data", "synth", "--layout", "mnist", "--out", "{f}/synth"], BadInput, "mnist"),
        new("data synth clips 0", ["data", "synth", "--layout", "us8k", "--out", "{f}/synth", "--clips-per-class", "0"], BadInput, "--clips-per-class"),
        new("data synth clips 2e9", ["data", "synth", "--layout", "us8k", "--out", "{f}/synth", "--clips-per-class", "2000000000"], BadInput, "--clips-per-class"),
        new("data store sample-rate 1", ["data", "store", "{f}/csv-good", "--layout", "csv", "--cache", "{f}/cache", "--sample-rate", "1"], BadInput, "--sample-rate"),
        new("data store data-workers 0", ["data", "store", "{f}/csv-good", "--layout", "csv", "--cache", "{f}/cache", "--data-workers", "0"], BadInput, "--data-workers"),
        new("upload name ..", ["data", "upload", "{f}/csv-nan", "--name", ".."], BadInput, "--name"),
        new("upload name absolute", ["data", "upload", "{f}/csv-nan", "--name", "/etc"], BadInput, "--name"),
        new("upload name with slash", ["data", "upload", "{f}/csv-nan", "--name", "a/b"], BadInput, "--name"),
        new("upload name leading dash", ["data", "upload", "{f}/csv-nan", "--name", "-x"], BadInput, "--name"),
        new("upload name container", ["data", "upload", "{f}/csv-nan", "--name", "../grid-artifacts"], BadInput, "--name"),

        // .npy inputs and checkpoints through grid embed and grid export.
        new("npy header 2 GB", ["embed", "{f}/no-encoder.ckpt", "--input", "{f}/header-huge.npy", "--out", "{f}/e.npy"], Failure, "header", BoundedMemory: true),
        new("npy shape overflows", ["embed", "{f}/no-encoder.ckpt", "--input", "{f}/shape-overflow.npy", "--out", "{f}/e.npy"], Failure, "more than", BoundedMemory: true),
        new("npy shape past the file", ["embed", "{f}/no-encoder.ckpt", "--input", "{f}/shape-large.npy", "--out", "{f}/e.npy"], Failure, "truncated .npy data", BoundedMemory: true),
        new("npy v2 header 4 GB", ["embed", "{f}/no-encoder.ckpt", "--input", "{f}/header-v2-4gb.npy", "--out", "{f}/e.npy"], Failure, "header", BoundedMemory: true),
        new("npy float64", ["embed", "{f}/no-encoder.ckpt", "--input", "{f}/dtype.npy", "--out", "{f}/e.npy"], Failure, "dtype"),
        new("npy not npy", ["embed", "{f}/no-encoder.ckpt", "--input", "{f}/not.npy", "--out", "{f}/e.npy"], Failure, "bad magic"),
        new("npy wrong shape", ["embed", "{f}/no-encoder.ckpt", "--input", "{f}/wrong-shape.npy", "--out", "{f}/e.npy"], Failure, "expected shape"),
        new("embed batch-size 0", ["embed", "{f}/no-encoder.ckpt", "--input", "{f}/batch.npy", "--out", "{f}/e.npy", "--batch-size", "0"], BadInput, "--batch-size"),
        new("checkpoint width 20000", ["export", "{f}/width-huge.ckpt", "--out", "{f}/x.pt"], Failure, "width", BoundedMemory: true),
        new("checkpoint width 0", ["export", "{f}/width-zero.ckpt", "--out", "{f}/x.pt"], Failure, "width"),
        new("checkpoint unknown key", ["export", "{f}/unknown-key.ckpt", "--out", "{f}/x.pt"], Failure, "Depth"),
        new("checkpoint unknown architecture", ["export", "{f}/unknown-architecture.ckpt", "--out", "{f}/x.pt"], Failure, "vgg16"),
        new("checkpoint model not json", ["export", "{f}/model-not-json.ckpt", "--out", "{f}/x.pt"], Failure, "model.json"),
        new("checkpoint decompression bomb", ["export", "{f}/model-bomb.ckpt", "--out", "{f}/x.pt"], Failure, "limit", BoundedMemory: true),
        new("checkpoint without encoder", ["export", "{f}/no-encoder.ckpt", "--out", "{f}/x.pt"], Failure, "encoder"),
        new("checkpoint not a zip", ["export", "{f}/not-zip.ckpt", "--out", "{f}/x.pt"], Failure, "not a checkpoint"),
        new("checkpoint missing", ["export", "{f}/absent.ckpt", "--out", "{f}/x.pt"], Failure, "not found"),
        new("export format onnx", ["export", "{f}/no-encoder.ckpt", "--to", "onnx", "--out", "{f}/x.pt"], Failure, "onnx"),
        new("weights file not a pickle", ["train", "--data", "{f}/csv-good", "--layout", "csv", "--fold", "1", "--protocol", "pretrained", "--init", "{f}/weights.pt", "--threads", "1", "--width", "4", "--sample-rate", "8000", "--n-fft", "256", "--hop", "128", "--n-mels", "16", "--clip-seconds", "0.5"], Failure, "weights.pt"),
        new("weights rank 2^31", ["train", "--data", "{f}/csv-good", "--layout", "csv", "--fold", "1", "--protocol", "pretrained", "--init", "{f}/weights-rank.dat", "--threads", "1", "--width", "4", "--sample-rate", "8000", "--n-fft", "256", "--hop", "128", "--n-mels", "16", "--clip-seconds", "0.5"], Failure, "dimensions", BoundedMemory: true),
        new("weights offsets past the data", ["train", "--data", "{f}/csv-good", "--layout", "csv", "--fold", "1", "--protocol", "pretrained", "--init", "{f}/weights-offsets.safetensors", "--threads", "1", "--width", "4", "--sample-rate", "8000", "--n-fft", "256", "--hop", "128", "--n-mels", "16", "--clip-seconds", "0.5"], Failure, "data_offsets", BoundedMemory: true),
        new("weights .pt pickle bomb", ["train", "--data", "{f}/csv-good", "--layout", "csv", "--fold", "1", "--protocol", "pretrained", "--init", "{f}/weights-pickle-bomb.pt", "--threads", "1", "--width", "4", "--sample-rate", "8000", "--n-fft", "256", "--hop", "128", "--n-mels", "16", "--clip-seconds", "0.5"], Failure, "limit", BoundedMemory: true),
        new("weights .pt storage bomb", ["train", "--data", "{f}/csv-good", "--layout", "csv", "--fold", "1", "--protocol", "pretrained", "--init", "{f}/weights-storage-bomb.pt", "--threads", "1", "--width", "4", "--sample-rate", "8000", "--n-fft", "256", "--hop", "128", "--n-mels", "16", "--clip-seconds", "0.5"], Failure, "limit", BoundedMemory: true),

        // Sweep specs (refused here before any cluster is asked).
        new("spec missing file", Launch("absent"), BadInput, "absent"),
        new("spec not json", ["sweep", "launch", "{f}/not-json.json"], BadInput, "not valid JSON"),
        new("spec memoryMomentum 1", Launch("memory-momentum"), BadInput, "pretraining.memoryMomentum"),
        new("spec learningRate Infinity", Launch("lr-infinity"), BadInput, "training.learningRate"),
        new("spec width 20000", Launch("width"), BadInput, "model.width"),
        new("spec sampleRate 1", Launch("sample-rate"), BadInput, "features.sampleRate"),
        new("spec nMels 20000", Launch("n-mels"), BadInput, "features.nMels"),
        new("spec batchSize 0", Launch("batch-size"), BadInput, "training.batchSize"),
        new("spec optimizer lamb", Launch("optimizer"), BadInput, "training.optimizer"),
        new("spec schedule linear", Launch("schedule"), BadInput, "training.schedule"),
        new("spec samples 2e9", Launch("samples"), BadInput, "samples", BoundedMemory: true),
        new("spec 10^8 grid", Launch("grid"), BadInput, "search", BoundedMemory: true),
        new("spec blob ..", Launch("blob-dots"), BadInput, "dataset.location"),
        new("spec blob absolute", Launch("blob-absolute"), BadInput, "dataset.location"),
        new("spec unknown field", Launch("unknown-field"), BadInput, "colour"),
        new("spec retries negative", Launch("retries"), BadInput, "retries"),
        new("spec fold 11", Launch("fold"), BadInput, "dataset.folds[0]"),
        new("spec 200 trials × 1,000 folds", Launch("fold-jobs"), BadInput, "fold jobs", BoundedMemory: true),
        new("spec asha gracePeriod int max", Launch("asha-grace"), BadInput, "search.stopping.gracePeriod"),
        new("spec paired spending unknown", Launch("paired-spending"), BadInput, "search.stopping.spending"),

        // Configuration and names.
        new("config missing", ["cluster", "--config", "{f}/absent.json"], BadInput, "--config"),
        new("config secret never echoed", ["cluster", "--config", "{f}/bad-storage.json"], BadInput, "AccountNme"),
        new("config tls certificate missing", ["cluster", "--config", "{f}/tls-missing.json"], BadInput, "Cluster:Tls:CertificateFile: no file"),
        new("config tls ca without certificate", ["cluster", "--config", "{f}/tls-half.json"], BadInput, "Cluster:Tls:CaCertificateFile is set but Cluster:Tls:CertificateFile is not"),
        new("certs silo name with a space", ["cluster", "certs", "--out", "{f}/certs", "--silo", "bad name"], BadInput, "--silo: 'bad name'"),
        new("certs days 0", ["cluster", "certs", "--out", "{f}/certs", "--days", "0"], BadInput, "--days must be in 1-3650"),
        new("certs out is a file", ["cluster", "certs", "--out", "{f}/good.wav"], BadInput, "--out"),
        new("unknown command", ["frobnicate"], BadInput, "'frobnicate'"),
        new("us8k folds backwards", ["us8k", "--data", "{f}", "--folds", "9-2"], BadInput, "--folds"),
        new("us8k folds 2e9", ["us8k", "--data", "{f}", "--folds", "1-2000000000"], BadInput, "--folds", BoundedMemory: true),
        new("us8k protocol unknown", ["us8k", "--data", "{f}", "--protocol", "mixup"], BadInput, "mixup"),
        new("report missing data", ["report", "render", "{f}/absent.json", "--out", "{f}/report"], Failure, "absent.json"),
    ];

    /// <summary>The spec files the spec cases launch: the tiny spec with one change each.</summary>
    public static void WriteSpecs(BadInputFiles files)
    {
        files.Spec("memory-momentum", "\"protocol\": \"scratch\"", "\"protocol\": \"finetune\", \"pretraining\": { \"method\": \"npid\", \"memoryMomentum\": 1 }");
        files.Spec("lr-infinity", "\"learningRate\": 0.05", "\"learningRate\": \"Infinity\"");
        files.Spec("width", "\"width\": 4", "\"width\": 20000");
        files.Spec("sample-rate", "\"sampleRate\": 8000", "\"sampleRate\": 1");
        files.Spec("n-mels", "\"nMels\": 32", "\"nMels\": 20000");
        files.Spec("batch-size", "\"batchSize\": 8", "\"batchSize\": 0");
        files.Spec("optimizer", "\"learningRate\": 0.05", "\"learningRate\": 0.05, \"optimizer\": \"lamb\"");
        files.Spec("schedule", "\"learningRate\": 0.05", "\"learningRate\": 0.05, \"schedule\": \"linear\"");
        files.Spec("samples", "\"retries\": 0", "\"retries\": 0, \"samples\": 2000000000");
        files.Spec("grid", "\"search\": {}", "\"search\": { " + string.Join(", ",
            new[] { "training.learningRate", "training.momentum", "training.weightDecay", "training.stepGamma", "training.knnTemperature",
                    "training.pitchShiftSemitones", "features.fMin", "training.epochs" }
            .Select(path => $"\"{path}\": {{ \"grid\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }}")) + " }");
        files.Spec("blob-dots", "\"location\": \"" + files.Root + "\"", "\"location\": \"blob:..\"");
        files.Spec("blob-absolute", "\"location\": \"" + files.Root + "\"", "\"location\": \"blob:/etc\"");
        files.Spec("unknown-field", "\"retries\": 0", "\"retries\": 0, \"colour\": \"blue\"");
        files.Spec("retries", "\"retries\": 0", "\"retries\": -1");
        files.Spec("fold", "\"folds\": [1, 2, 3]", "\"folds\": [11]");
        files.Spec("fold-jobs", "\"layout\": \"us8k\", \"location\": \"" + files.Root + "\", \"folds\": [1, 2, 3] }",
            "\"layout\": \"csv\", \"location\": \"" + files.Root + "\", \"folds\": [" + string.Join(", ", Enumerable.Range(1, 1_000)) + "] }, \"samples\": 200");
        files.Spec("asha-grace", "\"search\": {}", "\"search\": { \"stopping\": { \"rule\": \"asha\", \"gracePeriod\": 2147483647, \"maxEpochs\": 3 } }");
        files.Spec("paired-spending", "\"search\": {}", "\"search\": { \"stopping\": { \"rule\": \"paired\", \"spending\": \"holm\" } }");
    }
}
