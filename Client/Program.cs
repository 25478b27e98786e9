using System.CommandLine;
using Grid.Client;

var root = new RootCommand("grid: contrastive audio-learning experiments on an Orleans grid");
root.Subcommands.Add(TorchCommands.Create());
root.Subcommands.Add(DataCommands.Create());
return await root.Parse(args).InvokeAsync();
