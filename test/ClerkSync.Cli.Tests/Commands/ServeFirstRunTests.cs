using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ClerkSync.TestKit;

namespace ClerkSync.Cli.Tests.Commands;

/// <summary>
/// <c>clerk-sync serve</c> the way a new user first meets it (issue #12): from a checkout's build output, with no secret,
/// and with the port already taken.
/// </summary>
public sealed partial class ServeFirstRunTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    /// <summary>No secret in the environment: serve makes a development secret, as on a new machine.</summary>
    private static readonly Dictionary<string, string?> NoSecret = new() { ["CLERK_WEBHOOK_SIGNING_SECRET"] = null, ["CLERK_WEBHOOK_SECRET"] = null };

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("clerk-sync-first-run-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Serve_PortInUse_OneLineExitCode4AndNothingCreated()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;

        var (exitCode, output) = await ChildProcess.RunAsync(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "clerk-sync.dll"), "serve", "--urls", $"http://127.0.0.1:{port}"], _folder.FullName, Bound, NoSecret);

        Assert.Equal(ExitCode.PortInUse, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Port {port} is already in use", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
        Assert.Empty(_folder.EnumerateFileSystemInfos()); // no clerk-sync.db, no clerk-sync.db.dev-secret
    }

    [Fact]
    public async Task Serve_FromTheCheckoutBuild_BannerSendCommandWorksAsPrintedWithoutASecret()
    {
        // The build output `dotnet run --project src/ClerkSync.Cli` runs, in this test's configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var cli = Path.Combine(RepositoryPaths.Root, "src", "ClerkSync.Cli", "bin", configuration, "net10.0", "clerk-sync.dll");
        Assert.True(File.Exists(cli), $"{cli} not built");

        using var serve = ChildProcess.Start("dotnet", [cli, "serve", "--urls", "http://127.0.0.1:0", "--db", "data/local.db"], _folder.FullName, NoSecret);
        var send = (await serve.WaitForLineAsync(SendEventsLine(), Bound)).Groups["command"].Value;

        Assert.StartsWith($"dotnet run -c {configuration} --project {Path.Combine(RepositoryPaths.Root, "src", "ClerkSync.Cli")} -- send --all --url http://127.0.0.1:", send, StringComparison.Ordinal);
        Assert.EndsWith($" --db {Path.Combine(_folder.FullName, "data", "local.db")}", send, StringComparison.Ordinal);
        // The warning follows the send line in the banner: wait for it rather than read what has arrived so far.
        await serve.WaitForLineAsync(DevelopmentSecretLine(), Bound);
        Assert.DoesNotContain("whsec_", serve.Output, StringComparison.Ordinal);

        // Exactly as printed, from the same folder, with no secret in the environment or on the command line.
        var words = send.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (exitCode, output) = await ChildProcess.RunAsync(words[0], [.. words[1..], "--no-progress"], _folder.FullName, TimeSpan.FromMinutes(4), NoSecret);

        Assert.True(exitCode == 0, $"`{send}` exited with {exitCode}:\n{output}");
        Assert.Contains("2xx 46, retried 0, failed 0", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*Send events:\s+(?<command>.+?)\s*$")]
    private static partial Regex SendEventsLine();

    [GeneratedRegex(@"DEVELOPMENT secret \(sha256:[0-9a-f]{12}\)")]
    private static partial Regex DevelopmentSecretLine();
}
