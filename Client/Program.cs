return await Grid.Client.GridCli.RunAsync(args);
