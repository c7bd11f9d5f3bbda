using System.Text.RegularExpressions;
using ClerkSync.Packaging.Tests.Support;
using ClerkSync.TestKit;

namespace ClerkSync.Packaging.Tests;

/// <summary>The clerk-sync tool installed with <c>dotnet tool install --tool-path</c> from .artifacts/packages.</summary>
public sealed partial class ToolTests(PackedRepository packed)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Version_InstalledFromPackagesFolder_PrintsThePackageVersion()
    {
        Assert.True(File.Exists(packed.ClerkSync), $"dotnet tool install did not install clerk-sync:\n{packed.ToolInstallOutput}");

        var (exitCode, output) = await ChildProcess.RunAsync(packed.ClerkSync, ["--version"], packed.NewFolder("version"), CommandTimeout);

        Assert.Equal(0, exitCode);
        Assert.Equal(PackedRepository.Version, output.Trim());
    }

    [Fact]
    public async Task Serve_Installed_BannerPrintsASendCommandThatWorksAsPrinted()
    {
        // A user in a folder of their own, no secret configured: serve makes a development secret beside its database.
        var folder = packed.NewFolder("serve");
        var noSecret = new Dictionary<string, string?> { ["CLERK_WEBHOOK_SIGNING_SECRET"] = null, ["CLERK_WEBHOOK_SECRET"] = null };
        using var serve = ChildProcess.Start(
            packed.ClerkSync, ["serve", "--urls", $"http://127.0.0.1:{PackedRepository.FreePort()}", "--db", "data/local.db"], folder, noSecret);
        var send = (await serve.WaitForLineAsync(SendEventsLine(), CommandTimeout)).Groups["command"].Value;

        Assert.StartsWith("clerk-sync send ", send, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", serve.Output, StringComparison.Ordinal);

        // Exactly as printed, from where the user is, with the installed tool.
        var arguments = send.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Append("--no-progress");
        var (exitCode, output) = await ChildProcess.RunAsync(packed.ClerkSync, arguments, folder, CommandTimeout, noSecret);

        Assert.True(exitCode == 0, $"`{send}` exited with {exitCode}:\n{output}");
        Assert.Matches(@"2xx \d+, retried 0, failed 0", output);
    }

    [GeneratedRegex(@"^\s*Send events:\s+(?<command>.+?)\s*$")]
    private static partial Regex SendEventsLine();
}
