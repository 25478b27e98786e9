using System.CommandLine;

namespace Grid.Client.Certificates;

/// <summary><c>grid cluster certs --out DIR [--silo NAME ...] [--client NAME ...] [--force] [--days N]</c>: a CA and the cluster's certificates.</summary>
public static class CertsCommand
{
    /// <summary>Without --silo and --client: one silo certificate for this machine's loopback and one client certificate.</summary>
    public static readonly IReadOnlyList<string> DefaultSilo = ["localhost", "127.0.0.1"];
    public static readonly IReadOnlyList<string> DefaultClient = ["grid"];

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for ca.pem, ca.key and NAME.pem/NAME.key pairs", Required = true };
        var silos = new Option<string[]>("--silo")
        {
            Description = "A silo certificate for these comma-separated DNS names/IPs (repeat for more silos)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var clients = new Option<string[]>("--client")
        {
            Description = "A console (client) certificate for these comma-separated names (repeat for more)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var force = new Option<bool>("--force") { Description = "Replace existing files, the CA included (otherwise an existing ca.pem + ca.key signs the new certificates)" };
        var days = new Option<int>("--days") { Description = "Validity of the silo and client certificates, in days (1-3650)", DefaultValueFactory = _ => 825 };
        var command = new Command("certs", "A certificate authority and silo/client certificates for mutual TLS (Cluster:Tls)")
        {
            output, silos, clients, force, days,
        };
        command.SetAction(parse =>
        {
            try
            {
                var siloHosts = (parse.GetValue(silos) ?? []).Select(v => ClusterCertificateFiles.ParseHosts("--silo", v)).ToList();
                var clientHosts = (parse.GetValue(clients) ?? []).Select(v => ClusterCertificateFiles.ParseHosts("--client", v)).ToList();
                if (siloHosts.Count + clientHosts.Count == 0) (siloHosts, clientHosts) = ([DefaultSilo], [DefaultClient]);
                var request = new CertificateSetRequest(parse.GetValue(output)!, siloHosts, clientHosts, parse.GetValue(force), parse.GetValue(days));
                foreach (var file in ClusterCertificateFiles.Write(request)) Console.WriteLine(file);
                Console.WriteLine($"Set on every silo and console: Cluster:Tls:CertificateFile, Cluster:Tls:KeyFile (its own pair) and Cluster:Tls:CaCertificateFile ({ClusterCertificateFiles.CaCertificate}); keep {ClusterCertificateFiles.CaKey} off the machines.");
                return CommandRunner.Ok;
            }
            catch (Exception error) when (error is BadOptionException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                return CommandRunner.Report(error is BadOptionException ? error : new BadOptionException($"--out: {error.Message}"));
            }
        });
        return command;
    }
}
