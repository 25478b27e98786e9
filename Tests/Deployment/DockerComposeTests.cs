using System.Text.RegularExpressions;
using Grid.Client.Certificates;
using Grid.Silo.Configuration;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Xunit;
using static Grid.Tests.Deployment.ComposeFile;

namespace Grid.Tests.Deployment;

/// <summary>docker-compose.yml against the Dockerfiles, orleans-config/ and the silo's own settings types (no Docker engine needed).</summary>
[Trait("Category", "Process")]
public sealed class DockerComposeTests
{
    private static readonly string[] GpuSilos = ["silo-1", "silo-2"];
    private static readonly string[] CpuSilos = ["cpu-silo-1", "cpu-silo-2"];
    private static readonly string[] Silos = [.. GpuSilos, .. CpuSilos];
    private static readonly Dictionary<string, int> AzuriteDefaultPorts = new() { ["blob"] = 10000, ["queue"] = 10001, ["table"] = 10002 };

    private static ComposeFile Compose => ComposeFile.Repository;

    private static string RepositoryFile(string relative) => Path.Combine(RepositoryRoot.Path, relative);

    private static IReadOnlyList<string> AzuriteArguments() =>
        Text(Compose.Service("azurite"), "command")!.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private static string? ArgumentValue(IReadOnlyList<string> arguments, string name)
    {
        var index = arguments.ToList().IndexOf(name);
        return index >= 0 && index + 1 < arguments.Count ? arguments[index + 1] : null;
    }

    /// <summary>The silo configuration file a service's GRID_CONFIG names, as a path in the repository.</summary>
    private static string ConfigFileOf(string service)
    {
        var inImage = Environment(Compose.Service(service))["GRID_CONFIG"];
        Assert.StartsWith("/app/orleans-config/", inImage);
        return RepositoryFile(Path.Combine("orleans-config", Path.GetFileName(inImage)));
    }

    private static IConfiguration ConfigOf(string service) => new ConfigurationBuilder().AddJsonFile(ConfigFileOf(service)).Build();

    [Fact]
    public void TheServicesAreAzuriteTwoGpuSilosTwoCpuSilosAndTheClientInTheirProfiles()
    {
        Assert.Equal(["azurite", "client", "cpu-silo-1", "cpu-silo-2", "silo-1", "silo-2"], Compose.Services.Keys.Order());
        Assert.False(Compose.Service("azurite").ContainsKey("profiles"), "azurite runs in every profile");
        foreach (var silo in GpuSilos) Assert.Equal(["gpu"], Strings(Compose.Service(silo), "profiles"));
        foreach (var silo in CpuSilos) Assert.Equal(["cpu"], Strings(Compose.Service(silo), "profiles"));
    }

    [Fact]
    public void EachGpuSiloReservesOneDistinctGpuAndTheOthersNone()
    {
        var deviceIds = new List<string>();
        foreach (var silo in GpuSilos)
        {
            var devices = (IEnumerable<object?>)Map(Map(Map(Compose.Service(silo), "deploy"), "resources"), "reservations")["devices"]!;
            var device = Assert.Single(devices.Select(d => (IDictionary<object, object?>)d!));
            var reservation = device.ToDictionary(e => e.Key.ToString()!, e => e.Value);
            Assert.Contains("gpu", Strings(reservation, "capabilities"));
            var ids = Strings(reservation, "device_ids");
            Assert.Single(ids);
            Assert.False(reservation.ContainsKey("count"), $"{silo}: count and device_ids exclude each other");
            deviceIds.AddRange(ids);
        }
        Assert.Equal(deviceIds.Count, deviceIds.Distinct().Count());
        foreach (var service in Compose.Services.Keys.Except(GpuSilos))
            Assert.False(Compose.Service(service).ContainsKey("deploy"), $"{service} reserves devices");
    }

    [Theory]
    [InlineData("silo-1", "cuda")]
    [InlineData("silo-2", "cuda")]
    [InlineData("cpu-silo-1", "cpu")]
    [InlineData("cpu-silo-2", "cpu")]
    public void SilosBuildTheSiloDockerfileWithTheirTorchBackendIntoTheirOwnImageTag(string silo, string backend)
    {
        var service = Compose.Service(silo);
        var build = Map(service, "build");
        Assert.Equal(".", Text(build, "context"));
        Assert.Equal("Silo/Dockerfile", Text(build, "dockerfile"));
        Assert.Equal(backend, Text(Map(build, "args"), "TORCH_BACKEND"));
        Assert.EndsWith(":" + backend, Text(service, "image"));

        var dockerfile = Dockerfile.Load(RepositoryFile("Silo/Dockerfile"));
        var restoreAndPublish = dockerfile.Stages[0].Instructions.Where(i => i.StartsWith("RUN dotnet ", StringComparison.Ordinal)).ToList();
        Assert.Contains(dockerfile.Stages[0].Instructions, i => Regex.IsMatch(i, @"^ARG TORCH_BACKEND\b"));
        Assert.Equal(2, restoreAndPublish.Count(i => i.Contains("-p:TorchSharpBackend=${TORCH_BACKEND}", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Silo/Dockerfile", "Silo/Silo.csproj")]
    [InlineData("Client/Dockerfile", "Client/Client.csproj")]
    public void DockerfilesAreMultiStageOnDotnetImagesWithARuntimeThatFitsTheProject(string path, string project)
    {
        Assert.True(File.Exists(RepositoryFile(path)), $"no {path}");
        var dockerfile = Dockerfile.Load(RepositoryFile(path));
        Assert.True(dockerfile.Stages.Count >= 2, $"{path} has {dockerfile.Stages.Count} stage(s)");
        Assert.All(dockerfile.Stages, stage => Assert.StartsWith("mcr.microsoft.com/dotnet/", stage.Image));
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", dockerfile.Stages[0].Image);
        Assert.Contains(dockerfile.Final.Instructions, i => Regex.IsMatch(i, @"^COPY --from=\w+ "));

        var usesAspNet = File.ReadAllText(RepositoryFile(project)).Contains("Include=\"Microsoft.AspNetCore.App\"", StringComparison.Ordinal);
        Assert.StartsWith(usesAspNet ? "mcr.microsoft.com/dotnet/aspnet:" : "mcr.microsoft.com/dotnet/", dockerfile.Final.Image);
        Assert.DoesNotContain("/sdk:", dockerfile.Final.Image);
    }

    /// <summary>The project and every project it references, transitively, as repository-relative folders.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            var folder = Path.GetDirectoryName(current)!;
            foreach (Match reference in Regex.Matches(File.ReadAllText(RepositoryFile(current)), "<ProjectReference Include=\"(?<path>[^\"]+)\""))
                pending.Push(Path.GetRelativePath(RepositoryRoot.Path, Path.GetFullPath(Path.Combine(RepositoryRoot.Path, folder, reference.Groups["path"].Value))));
        }
        return seen;
    }

    [Theory]
    [InlineData("Silo/Dockerfile", "Silo/Silo.csproj")]
    [InlineData("Client/Dockerfile", "Client/Client.csproj")]
    public void TheBuildStageCopiesEveryReferencedProjectAndTheSharedBuildFiles(string path, string project)
    {
        var build = Dockerfile.Load(RepositoryFile(path)).Stages[0].Instructions;
        foreach (var referenced in ProjectClosure(project))
        {
            var folder = Path.GetDirectoryName(referenced)!;
            Assert.Contains($"COPY {referenced} {folder}/", build);
            Assert.Contains($"COPY {folder}/ {folder}/", build);
        }
        Assert.Contains(build, i => i.StartsWith("COPY ", StringComparison.Ordinal) && i.Contains("Directory.Build.props") && i.Contains("Directory.Build.targets") && i.Contains("Directory.Packages.props"));
        Assert.Contains("COPY build/ build/", build);
    }

    [Fact]
    public void TheDockerIgnoreKeepsHostBuildOutputOutOfTheContext()
    {
        var ignored = File.ReadAllLines(RepositoryFile(".dockerignore")).Select(line => line.Trim()).ToHashSet();

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".git/" }, ignored);
    }

    [Fact]
    public void AzuriteKeepsItsDataInANamedVolumeMountedAtItsLocation()
    {
        var location = ArgumentValue(AzuriteArguments(), "--location");
        Assert.NotNull(location);
        var volumes = Strings(Compose.Service("azurite"), "volumes");
        var mount = Assert.Single(volumes, v => v.Split(':')[1] == location);
        Assert.True(Map(Compose.Root, "volumes").ContainsKey(mount.Split(':')[0]), $"{mount}: not a named volume");
    }

    [Fact]
    public void EachSiloKeepsItsCacheInANamedVolumeOfItsOwnAtTheConfiguredCacheDirectory()
    {
        var volumes = new List<string>();
        foreach (var silo in Silos)
        {
            var cache = ConfigOf(silo)["Runner:CacheDirectory"];
            var volume = Assert.Single(Strings(Compose.Service(silo), "volumes"), v => v.Split(':')[1] == cache).Split(':')[0];
            Assert.True(Map(Compose.Root, "volumes").ContainsKey(volume), $"{silo}: {volume} is not a named volume");
            volumes.Add(volume);
        }
        // The cache names its partial downloads by process id, and each container's silo is PID 1: sharing would collide.
        Assert.Equal(volumes.Count, volumes.Distinct().Count());
    }

    [Fact]
    public void AzuriteAndTheSilosHaveHealthChecksAndSilosStartOnlyOnceAzuriteIsHealthy()
    {
        foreach (var service in Silos.Append("azurite"))
            Assert.NotEmpty(Strings(Map(Compose.Service(service), "healthcheck"), "test"));
        foreach (var service in Silos.Append("client"))
            Assert.Equal("service_healthy", Text(Map(Map(Compose.Service(service), "depends_on"), "azurite"), "condition"));
    }

    [Fact]
    public void TheSiloHealthCheckProbesTheConfiguredSiloPortWithAShellThatHasDevTcp()
    {
        foreach (var silo in Silos)
        {
            var test = Strings(Map(Compose.Service(silo), "healthcheck"), "test");
            var probe = Regex.Match(string.Join(' ', test), @"/dev/tcp/127\.0\.0\.1/(?<port>\d+)");
            Assert.True(probe.Success, $"{silo}: health check {string.Join(' ', test)} probes no TCP port");
            Assert.Equal(ConfigOf(silo)["Cluster:SiloPort"], probe.Groups["port"].Value);
            // /dev/tcp is a bash feature: CMD-SHELL runs /bin/sh, which is dash in the .NET images.
            Assert.Equal(["CMD", "bash", "-c"], test.Take(3));
        }
    }

    [Fact]
    public void EveryGridVariableNamesARealSiloSetting()
    {
        foreach (var name in Compose.Services.Keys)
            foreach (var variable in Environment(Compose.Service(name)).Keys.Where(k => k.StartsWith("GRID_", StringComparison.Ordinal) && k != "GRID_CONFIG"))
            {
                var path = variable["GRID_".Length..].Split("__");
                Assert.True(path.Length >= 2, $"{name}: {variable} is not GRID_Section__Key (or GRID_Section__Sub__Key)");
                Assert.True(SettingsLoader.Sections.TryGetValue(path[0], out var settings), $"{name}: {variable}: no section {path[0]}");
                foreach (var key in path[1..^1])
                {
                    var section = settings.GetProperty(key);
                    Assert.True(section is not null && section.PropertyType.IsClass, $"{name}: {variable}: {settings.Name} has no section {key}");
                    settings = section.PropertyType;
                }
                Assert.True(settings.GetProperty(path[^1]) is { CanWrite: true }, $"{name}: {variable}: {settings.Name} has no setting {path[^1]}");
            }
    }

    [Fact]
    public void GridConfigNamesAnAzureModeFileThatTheImagesCopyAndThatLoads()
    {
        // The certificates folder as the compose file's own `grid cluster certs` line makes it, where the services mount it.
        var certificates = CertificatesAsTheComposeFileSaysToMakeThem();
        try
        {
            foreach (var service in Silos.Append("client"))
            {
                var file = ConfigFileOf(service);
                Assert.True(File.Exists(file), $"{service}: no {file}");
                var configuration = new ConfigurationBuilder().AddJsonFile(file).AddInMemoryCollection(
                    Environment(Compose.Service(service)).Where(e => e.Key.StartsWith("GRID_", StringComparison.Ordinal) && e.Key != "GRID_CONFIG")
                        .Select(e => KeyValuePair.Create(e.Key["GRID_".Length..].Replace("__", ":"),
                            (string?)DefaultOf(e.Value).Replace(CertificatesMount + "/", certificates + "/", StringComparison.Ordinal)))).Build();
                var cluster = SettingsLoader.Load(configuration).Cluster;
                Assert.Equal("azure", cluster.Mode);
                Assert.True(cluster.Tls.Enabled, $"{service}: no Cluster:Tls");
            }
        }
        finally
        {
            Directory.Delete(certificates, recursive: true);
        }
        var folder = Path.GetDirectoryName(Environment(Compose.Service("silo-1"))["GRID_CONFIG"])!;
        foreach (var dockerfile in new[] { "Silo/Dockerfile", "Client/Dockerfile" })
            Assert.Contains(Dockerfile.Load(RepositoryFile(dockerfile)).Final.Instructions,
                i => Regex.IsMatch(i, $@"^COPY orleans-config/? {Regex.Escape(folder)}/?$"));
    }

    private const string CertificatesMount = "/etc/grid/certs";

    /// <summary>Runs the <c>grid cluster certs</c> line of the compose file's header into a temporary folder.</summary>
    private static string CertificatesAsTheComposeFileSaysToMakeThem()
    {
        var line = File.ReadLines(RepositoryFile("docker-compose.yml")).Single(l => l.Contains("./grid cluster certs", StringComparison.Ordinal));
        var words = line[(line.IndexOf("cluster certs", StringComparison.Ordinal) + "cluster certs".Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var folder = Directory.CreateTempSubdirectory("grid-compose-certs-").FullName;
        IReadOnlyList<string> Hosts(string option, int at) => ClusterCertificateFiles.ParseHosts(option, words[at + 1]);
        var silos = words.Select((w, i) => (w, i)).Where(p => p.w == "--silo").Select(p => Hosts("--silo", p.i)).ToList();
        var clients = words.Select((w, i) => (w, i)).Where(p => p.w == "--client").Select(p => Hosts("--client", p.i)).ToList();
        Assert.Equal("certs", words[Array.IndexOf(words, "--out") + 1]);
        ClusterCertificateFiles.Write(new CertificateSetRequest(folder, silos, clients, Force: true));
        return folder;
    }

    [Fact]
    public void SilosAndTheClientUseMutualTlsFromTheCertificatesFolderMountedReadOnly()
    {
        foreach (var service in Silos.Append("client"))
        {
            Assert.Contains($"./certs:{CertificatesMount}:ro", Strings(Compose.Service(service), "volumes"));
            var environment = Environment(Compose.Service(service));
            var pair = service == "client" ? "client-client" : "silo-silos";
            Assert.Equal($"{CertificatesMount}/{pair}.pem", environment["GRID_Cluster__Tls__CertificateFile"]);
            Assert.Equal($"{CertificatesMount}/{pair}.key", environment["GRID_Cluster__Tls__KeyFile"]);
            Assert.Equal($"{CertificatesMount}/ca.pem", environment["GRID_Cluster__Tls__CaCertificateFile"]);
            Assert.False(environment.ContainsKey("GRID_Cluster__AllowInsecureNetwork"), $"{service} opens the cluster without TLS");
        }
        Assert.DoesNotContain("azurite", Compose.Services.Keys.Where(s => Strings(Compose.Service(s), "volumes").Any(v => v.StartsWith("./certs", StringComparison.Ordinal))));
        Assert.Contains("/certs/", File.ReadAllLines(RepositoryFile(".gitignore")));
        Assert.Contains("certs/", File.ReadAllLines(RepositoryFile(".dockerignore")));
    }

    [Fact]
    public void TheDefaultConnectionStringPointsAtTheAzuriteServicePorts()
    {
        var arguments = AzuriteArguments();
        var ports = AzuriteDefaultPorts.ToDictionary(p => p.Key, p => int.Parse(ArgumentValue(arguments, $"--{p.Key}Port") ?? p.Value.ToString()));
        foreach (var service in Silos.Append("client"))
        {
            var connection = DefaultOf(Environment(Compose.Service(service))["GRID_Storage__ConnectionString"]);
            var parts = connection.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            foreach (var (kind, port) in ports)
            {
                var endpoint = new Uri(parts[char.ToUpperInvariant(kind[0]) + kind[1..] + "Endpoint"]);
                Assert.Equal(("azurite", port), (endpoint.Host, endpoint.Port));
                Assert.Equal("/" + parts["AccountName"], endpoint.AbsolutePath);
            }
        }
        Assert.All(ports.Keys, kind => Assert.Equal("0.0.0.0", ArgumentValue(arguments, $"--{kind}Host")));
    }
}
