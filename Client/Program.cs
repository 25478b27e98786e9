using System.CommandLine;
using Grid.Client;

var root = new RootCommand("grid: contrastive audio-learning experiments on an Orleans grid");
root.Subcommands.Add(TorchCommands.Create());
root.Subcommands.Add(DataCommands.Create());
root.Subcommands.Add(FeatureCommands.Create());
root.Subcommands.Add(TrainingCommands.Create());
root.Subcommands.Add(TrainingCommands.CreatePretrain());
foreach (var command in ModelCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(ReportCommands.Create());
root.Subcommands.Add(SweepCommands.Create());
root.Subcommands.Add(Us8kCommand.Create());
root.Subcommands.Add(Grid.Client.Studies.StudyCommands.Create());
root.Subcommands.Add(ClusterCommands.Create());
return await root.Parse(args).InvokeAsync();
