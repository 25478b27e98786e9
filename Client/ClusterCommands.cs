using System.CommandLine;
using System.Globalization;
using Grid.Grains;

namespace Grid.Client;

/// <summary><c>grid cluster</c>: the live silos, their slots (busy or free) and what runs where; <c>grid cluster certs</c> (<see cref="Certificates.CertsCommand"/>).</summary>
public static class ClusterCommands
{
    public static Command Create()
    {
        var config = GridConnection.ConfigOption();
        var command = new Command("cluster", "Silos, their device slots, busy or free, and what runs where") { config, Certificates.CertsCommand.Create() };
        command.SetAction((parse, cancellationToken) => CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
        {
            var view = await client.GetGrain<ISchedulerGrain>(GrainKeys.Singleton).GetClusterAsync(cancellationToken);
            Console.Write(Render(view));
            return CommandRunner.Ok;
        }));
        return command;
    }

    public static string Render(ClusterView view)
    {
        var text = new System.Text.StringBuilder();
        var slots = view.Silos.SelectMany(s => s.Slots).ToArray();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{view.Silos.Count} silos, {slots.Length} slots ({slots.Count(s => s.JobId is not null)} busy), {view.Queued.Count} jobs queued");
        foreach (var silo in view.Silos)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{silo.Silo}  (heard {silo.LastSeen:HH:mm:ss})");
            foreach (var slot in silo.Slots)
            {
                var device = slot.IsGpu ? $"cuda:{slot.Device}" : $"cpu ({slot.Threads} threads)";
                text.AppendLine(CultureInfo.InvariantCulture, $"  slot {slot.Slot}  {device,-16}  {slot.JobId ?? "free"}");
            }
        }
        return text.ToString();
    }
}
