namespace Grid.Tests.Cluster;

/// <summary>Sweep specs the grid tests share: tiny synthetic US8K-shaped runs.</summary>
public static class SpecSamples
{
    public static string Tiny(string name = "tiny", string folds = "[1, 2, 3]", string search = "{}", int retries = 0,
        string extra = "", int epochs = 3, string location = "/data/us8k") => $$"""
    {
      "name": "{{name}}",
      "seed": 7,
      "dataset": { "layout": "us8k", "location": "{{location}}", "folds": {{folds}} },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": {{epochs}}, "batchSize": 8, "learningRate": 0.05 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
      "search": {{search}},
      "retries": {{retries}}{{extra}}
    }
    """;
}
