using System.CommandLine;
using Azure;
using Grid.Configuration;
using Grid.Storage;
using Microsoft.Extensions.Configuration;

namespace Grid.Client;

/// <summary>
/// <c>grid data upload DIR --name NAME</c>: copies a dataset folder to blob storage as NAME/…; a spec then names it
/// <c>blob:NAME</c> and each silo downloads it once into its cache, again after the next upload of other content
/// (the upload ends by writing the dataset's <see cref="DatasetManifest"/>, its version).
/// </summary>
public static class DataUploadCommand
{
    public static Command Create()
    {
        var dir = new Argument<DirectoryInfo>("dir") { Description = "The dataset's root folder" };
        var name = new Option<string>("--name") { Description = "Name to use in specs (blob:NAME) and with --data", Required = true };
        var config = GridConnection.ConfigOption();
        var command = new Command("upload", "Upload a dataset folder to the cluster's blob storage") { dir, name, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var folder = parse.GetValue(dir)!;
                var datasetName = parse.GetValue(name)!;
                if (!folder.Exists) throw new DirectoryNotFoundException($"no folder {folder.FullName}");
                if (Grid.Storage.DatasetNames.Problem(datasetName) is { } problem)
                    throw new FormatException($"--name: {problem}");
                var count = await UploadAsync(GridConnection.LoadConfiguration(parse.GetValue(config)), folder, datasetName, cancellationToken);
                Console.WriteLine($"uploaded {count} files as blob:{datasetName}");
                return CommandRunner.Ok;
            }
            catch (FormatException error)
            {
                Console.Error.WriteLine($"grid: {error.Message}");
                return CommandRunner.BadInput;
            }
            catch (Exception error)
            {
                return CommandRunner.Report(error);
            }
        });
        return command;
    }

    public static async Task<int> UploadAsync(IConfiguration configuration, DirectoryInfo folder, string name, CancellationToken cancellationToken)
    {
        var files = folder.EnumerateFiles("*", SearchOption.AllDirectories).ToArray();
        var datasets = GridStores.Open(GridSettings.Load(configuration)).Datasets;
        var uploaded = new List<DatasetManifestFile>(files.Length);
        try
        {
            foreach (var file in files)
            {
                var path = Path.GetRelativePath(folder.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                await using var content = file.OpenRead();
                var sha256 = await DatasetManifest.HashAsync(content, cancellationToken);
                content.Position = 0;
                await datasets.WriteAsync($"{name}/{path}", content, cancellationToken);
                uploaded.Add(new DatasetManifestFile(path, sha256, file.Length));
            }
            // Last, so that silos see the new version only once all of its files are there.
            await DatasetManifest.Of(uploaded).WriteAsync(datasets, name, cancellationToken);
        }
        catch (Exception error) when (error is RequestFailedException or AggregateException or HttpRequestException)
        {
            throw new GridUnreachableException($"cannot upload to blob storage at {datasets.Address}: {error.Message.Split('\n')[0]}", error);
        }
        return files.Length;
    }
}
