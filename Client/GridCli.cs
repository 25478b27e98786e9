using System.CommandLine;
using System.CommandLine.Parsing;
using Grid.Configuration;

namespace Grid.Client;

/// <summary>
/// The <c>grid</c> command line: every command, and the one error contract around them. A parse error (unknown option,
/// value not among the listed ones, missing argument) ends with one line and exit code 2; a failure nothing else
/// handled ends with one line through <see cref="CommandRunner.Report"/>, never a stack trace.
/// </summary>
public static class GridCli
{
    public static RootCommand Create()
    {
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
        root.Subcommands.Add(Studies.StudyCommands.Create());
        root.Subcommands.Add(ClusterCommands.Create());
        return root;
    }

    /// <summary>Every parse error on one line, each after the option it concerns when it has one.</summary>
    private static string OneLine(IReadOnlyList<ParseError> errors) =>
        string.Join("; ", errors.Select(error =>
        {
            var message = string.Join(" ", error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var option = error.SymbolResult switch
            {
                OptionResult result => result.Option.Name,
                ArgumentResult { Parent: OptionResult parent } => parent.Option.Name,
                _ => null,
            };
            return option is null || message.Contains(option, StringComparison.Ordinal) ? message : $"{option}: {message}";
        }).Distinct());

    /// <summary>Runs <paramref name="args"/> as <c>grid</c> would; the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"grid: {SecretText.Redact(OneLine(parse.Errors))}");
            return CommandRunner.BadInput;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception error)
        {
            return CommandRunner.Report(error);
        }
    }
}
