using System.Diagnostics;
using Azure.Storage.Blobs;
using System.Globalization;
using System.Text.RegularExpressions;
using Grid.Client;
using Grid.Client.Certificates;
using Grid.Grains;
using Grid.Storage;
using Grid.Tests.Cluster;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Grid.Tests.Deployment;

/// <summary>
/// Several machines for real: Azurite and two silos each in a network namespace with an address of its own, joined by a
/// bridge, mutual TLS on. A two-fold sweep runs across them; one silo's link is taken down while its fold is mid-run: the
/// fold resumes from its checkpoint on the other silo under a new lease and the sweep succeeds with every epoch. When the
/// link returns, what the cut-off runner sends under its old lease is fenced off (its late blobs are its own, its reports
/// are refused, its silo's duplicate grain activations cannot overwrite the fold), and the cut-off silo finds itself
/// declared dead and stops (Orleans: a silo declared dead never comes back under the same identity); started again, it
/// rejoins the cluster.
/// </summary>
[Collection(DeploymentCollection.Name)]
[Trait("Category", "Process")]
public sealed partial class PartitionedMachinesTests(SiloProcessFixture fixture, ITestOutputHelper log)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private const int Epochs = 16;

    [NetworkNamespacesFact]
    public async Task AFoldCutOffWithItsSiloResumesOnTheOtherSiloAndTheCutOffSiloRejoinsWhenItsLinkReturns()
    {
        using var network = TestNetwork.Create();
        var storage = network.Add("azurite");
        var machines = new[] { network.Add("silo-a"), network.Add("silo-b") };
        await using var azurite = new AzuriteProcess(storage.Address.ToString(), storage.Launcher);
        await azurite.StartAsync();
        var certificates = Directory.CreateTempSubdirectory("grid-machines-certs-").FullName;
        try
        {
            ClusterCertificateFiles.Write(new CertificateSetRequest(certificates, [.. machines.Select(m => (IReadOnlyList<string>)[m.Address.ToString()])], [["ops"]]));
            var clusterId = SiloProcessFixture.NewClusterId("netns");
            Dictionary<string, string> Settings(TestNetworkMember machine)
            {
                var settings = SiloProcess.Settings(clusterId, azurite.ConnectionString, Path.Combine(fixture.Root, "cache", clusterId, machine.Role), cpuSlots: 1);
                settings["GRID_Cluster__AdvertisedAddress"] = machine.Address.ToString();
                foreach (var (key, value) in ClusterTlsTests.TlsVariables(certificates, $"silo-{machine.Address}")) settings[key] = value;
                return settings;
            }
            var silos = new List<SiloProcess>();
            try
            {
                foreach (var machine in machines) silos.Add(await SiloProcess.StartAsync(Settings(machine), Limit, launcher: machine.Launcher));
                await RunAsync(network, machines, silos, Settings, ClientConfiguration(clusterId, azurite.ConnectionString, certificates),
                    new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("grid-artifacts"));
            }
            finally
            {
                foreach (var silo in silos) await silo.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(certificates, recursive: true);
        }
    }

    private async Task RunAsync(TestNetwork network, TestNetworkMember[] machines, List<SiloProcess> silos,
        Func<TestNetworkMember, Dictionary<string, string>> settings, IConfiguration configuration, BlobContainerClient artifacts)
    {
        using var host = await GridConnection.ConnectAsync(configuration, CancellationToken.None);
        var client = host.Client();
        await Eventually.WaitAsync(() => client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), h => h.Count == 2, Limit, "both silos active");
        const string id = "partition";
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(fixture.Spec(id, "[1, 2]", Epochs));

        // The fold running on the first machine, mid-run (a checkpoint written), is the one to cut off.
        var running = await Eventually.WaitAsync(() => client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(),
            s => s.Trials.Count == 1 && s.Trials[0].Folds.Any(f => OnMachine(f, machines[0]) && f.State == FoldState.Running && f.EpochAccuracies.Count >= 2),
            Limit, "a fold on the first machine has two epochs");
        var victim = running.Trials[0].Folds.Single(f => OnMachine(f, machines[0]));
        var jobId = GrainKeys.JobId(JobKind.Fold, victim.Key);
        var fold = client.GetGrain<IFoldGrain>(victim.Key);
        var zombie = LeaseOf(victim.CheckpointBlob);
        log.WriteLine($"cutting {machines[0].Role} ({machines[0].Address}) at epoch {victim.EpochAccuracies.Count} of {victim.Key} (lease {zombie:N})");
        var sinceCut = Stopwatch.StartNew();
        network.Cut(machines[0]);

        // The fold resumes on the other machine under a lease of its own; the link returns once it is seen there (running,
        // or already finished: its resumed epochs take seconds).
        var resumed = await Eventually.WaitAsync(() => fold.GetStatusAsync(), f => OnMachine(f, machines[1]), Limit, "the cut-off fold runs on the other machine");
        log.WriteLine($"{jobId} resumed on {machines[1].Role} {sinceCut.Elapsed.TotalSeconds:0} s after the cut; restoring the link at its epoch {resumed.EpochAccuracies.Count} ({resumed.State})");
        var cutOff = silos[0];
        var restored = DateTimeOffset.UtcNow;
        network.Restore(machines[0]);
        var sinceRestore = Stopwatch.StartNew();
        await AssertLateSendsOfTheCutOffLeaseAreFencedAsync(artifacts, fold, victim.Key, zombie);

        // The cut-off silo reads that it was declared dead and stops itself; whatever its runner still sent on the way is fenced.
        while (!cutOff.HasExited && sinceRestore.Elapsed < Limit) await Task.Delay(200);
        Assert.True(cutOff.HasExited, $"the cut-off silo still runs {Limit} after its link returned:\n{cutOff.Output}");
        log.WriteLine($"the cut-off silo stopped {sinceRestore.Elapsed.TotalSeconds:0} s after its link returned; its last words:");
        foreach (var line in cutOff.Output.Split('\n').Where(l => l.Contains("dead", StringComparison.OrdinalIgnoreCase) || l.Contains(jobId, StringComparison.Ordinal)).TakeLast(6))
            log.WriteLine("  " + line.Trim());

        var done = await Eventually.WaitAsync(() => client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(),
            s => s.State != ExperimentState.Running, Limit, "the sweep ends");
        log.WriteLine($"sweep {done.State} {sinceCut.Elapsed.TotalSeconds:0} s after the cut");
        Assert.Equal(ExperimentState.Succeeded, done.State);
        var folds = Assert.Single(done.Trials).Folds;
        Assert.Equal(2, folds.Count);
        Assert.All(folds, f => Assert.Equal((FoldState.Succeeded, Epochs), (f.State, f.EpochAccuracies.Count)));
        var finished = folds.Single(f => f.Key == victim.Key);
        Assert.True(OnMachine(finished, machines[1]), "the cut-off fold finished on the other machine");
        var resumedAfter = ResumedAfter(silos[1].Output, jobId);
        Assert.True(resumedAfter >= 1, $"the fold started again from scratch on the other machine:\n{silos[1].Output}");
        log.WriteLine($"{jobId} resumed on {machines[1].Role} after {resumedAfter} epochs");
        // The fold's record names the new holder's blobs only, none of the cut-off lease's (before or after the link returned).
        var holder = LeaseOf(finished.ArtifactsBlob);
        Assert.NotEqual(zombie, holder);
        Assert.Equal(holder, LeaseOf(finished.CheckpointBlob));
        await AssertOnlyTheHoldersBlobsAreTheFoldsAsync(artifacts, finished, zombie, restored);

        silos[0] = await SiloProcess.StartAsync(settings(machines[0]), Limit, launcher: machines[0].Launcher);
        var hosts = await Eventually.WaitAsync(() => client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), h => h.Count == 2, Limit, "the restarted silo is active");
        Assert.Contains(hosts.Keys, s => s.Endpoint.Address.Equals(machines[0].Address));
        var view = await Eventually.WaitAsync(() => client.GetGrain<ISchedulerGrain>(GrainKeys.Singleton).GetClusterAsync(),
            v => v.Silos.Count(s => s.Silo.Contains(machines[0].Address.ToString(), StringComparison.Ordinal)) == 1 && v.Silos.Count == 2, Limit,
            "the restarted silo offers its slot to the scheduler");
        Assert.Equal(2, view.Silos.Sum(s => s.Slots.Count));
        await host.StopAsync();
    }

    /// <summary>
    /// What the cut-off runner would still send once its link is back, sent under its lease through the gateway: a
    /// blob under its lease, the report of its next epoch, a begin, its completion and its failure. The report is refused,
    /// and the fold's record is unchanged: its curve, and its checkpoint no longer the cut-off lease's once the holder reported.
    /// </summary>
    private async Task AssertLateSendsOfTheCutOffLeaseAreFencedAsync(BlobContainerClient artifacts, IFoldGrain fold, string key, Guid zombie)
    {
        var before = await fold.GetStatusAsync();
        var epoch = before.EpochAccuracies.Count + 1;
        var blob = ArtifactSerializer.CheckpointBlob(key, zombie, epoch);
        await artifacts.GetBlobClient(blob).UploadAsync(BinaryData.FromString("late checkpoint of the cut-off runner"), overwrite: true);

        Assert.False(await fold.ReportEpochAsync(zombie, new EpochReport(epoch, 0.01, 0.01, 0.999, 1, blob)), "the cut-off lease's late report was accepted");
        Assert.Null(await fold.BeginAsync(zombie, "cut-off", -1));
        await fold.CompleteAsync(zombie, new JobOutcome(epoch, 0.999, ArtifactSerializer.ResultBlob(key, zombie)));
        await fold.FailAsync(zombie, "late failure of the cut-off runner");

        var after = await fold.GetStatusAsync();
        log.WriteLine($"late sends under {zombie:N} at the holder's epoch {before.EpochAccuracies.Count} ({before.State}): refused");
        Assert.NotEqual(FoldState.Failed, after.State);
        Assert.DoesNotContain(0.999, after.EpochAccuracies);
        Assert.Equal(before.EpochAccuracies, after.EpochAccuracies.Take(before.EpochAccuracies.Count));
        Assert.NotEqual(blob, after.CheckpointBlob);
        Assert.True(after.ArtifactsBlob is null || LeaseOf(after.ArtifactsBlob) != zombie, $"artifacts {after.ArtifactsBlob}");
    }

    /// <summary>
    /// The fold's recorded blobs exist and are the holder's; the cut-off lease's blobs (the cut-off runner's and the late
    /// one above) are there, under its own name, and the fold names none of them.
    /// </summary>
    private async Task AssertOnlyTheHoldersBlobsAreTheFoldsAsync(BlobContainerClient artifacts, FoldStatus finished, Guid zombie, DateTimeOffset restored)
    {
        var blobs = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var prefix in new[] { $"checkpoints/{finished.Key}/", $"artifacts/{finished.Key}/" })
            await foreach (var item in artifacts.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
                blobs[item.Name] = item.Properties.LastModified ?? DateTimeOffset.MinValue;
        var zombies = blobs.Where(b => b.Key.Contains($"/lease-{zombie:N}/", StringComparison.Ordinal)).ToList();
        log.WriteLine($"blobs under the cut-off lease: {string.Join(", ", zombies.Select(b => b.Key[(b.Key.LastIndexOf('/') + 1)..] + (b.Value >= restored ? " (written after the link returned)" : "")))}");
        Assert.NotEmpty(zombies);
        foreach (var referenced in new[] { finished.CheckpointBlob!, finished.ArtifactsBlob! })
        {
            Assert.True(blobs.ContainsKey(referenced), $"the fold names {referenced}, which is not stored");
            Assert.DoesNotContain(zombies, z => z.Key == referenced);
        }
    }

    /// <summary>The lease a blob was written under (<c>…/lease-{id:N}/…</c>); fails when the name carries none.</summary>
    private static Guid LeaseOf(string? blob)
    {
        var match = LeaseFolder().Match(blob ?? "");
        Assert.True(match.Success, $"blob {blob} is not named under a lease");
        return Guid.ParseExact(match.Groups["lease"].Value, "N");
    }

    [GeneratedRegex(@"/lease-(?<lease>[0-9a-f]{32})/")]
    private static partial Regex LeaseFolder();

    private static bool OnMachine(FoldStatus fold, TestNetworkMember machine) =>
        fold.Silo?.StartsWith($"S{machine.Address}:", StringComparison.Ordinal) == true;

    /// <summary>The epochs the last "Running JOB on slot N after K epochs" line of <paramref name="output"/> resumed after; -1 when none.</summary>
    private static int ResumedAfter(string output, string jobId) =>
        RunningLine().Matches(output).Where(m => m.Groups["job"].Value == jobId)
            .Select(m => int.Parse(m.Groups["epochs"].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Last();

    [GeneratedRegex(@"Running (?<job>\S+) on slot \d+ after (?<epochs>\d+) epochs")]
    private static partial Regex RunningLine();

    private static IConfiguration ClientConfiguration(string clusterId, string connectionString, string certificates) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:ServiceId"] = clusterId,
            ["Cluster:Tls:CertificateFile"] = Path.Combine(certificates, ClusterCertificateFiles.ClientCertificate("ops")),
            ["Cluster:Tls:KeyFile"] = Path.Combine(certificates, ClusterCertificateFiles.ClientKey("ops")),
            ["Cluster:Tls:CaCertificateFile"] = Path.Combine(certificates, ClusterCertificateFiles.CaCertificate),
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:ClusteringTable"] = "M" + clusterId.Replace("-", ""),
            // Long enough for a launch on a loaded machine; a call stuck on the cut-off silo is asked again after it.
            ["Messaging:ResponseTimeout"] = "00:00:30",
        }).Build();
}
