using System.CommandLine;
using Grid.Client;

var root = new RootCommand("grid: contrastive audio-learning experiments on an Orleans grid");
root.Subcommands.Add(TorchCommands.Create());
root.Subcommands.Add(ReportCommands.Create());
return await root.Parse(args).InvokeAsync();
