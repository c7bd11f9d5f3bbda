using System.Text.RegularExpressions;
using ClerkSync.Packaging.Tests.Support;
using ClerkSync.TestKit;
using ClerkSync.Webhooks;

namespace ClerkSync.Packaging.Tests;

/// <summary>samples/QuickStart, the README's service quick start, built from the packages alone and sent a signed event.</summary>
public sealed partial class QuickStartSampleTests(PackedRepository packed)
{
    private static readonly string Sample = Path.Combine(RepositoryPaths.Root, "samples", "QuickStart");

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public void Readme_ServiceQuickStart_IsTheSampleProgram()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("## Service quick start", StringComparison.Ordinal)..];
        var code = CSharpBlock().Match(section);

        Assert.True(code.Success, "README.md: no ```csharp block under ## Service quick start");
        Assert.Equal(File.ReadAllText(Path.Combine(Sample, "Program.cs")).ReplaceLineEndings("\n"), code.Groups["code"].Value);
    }

    [Fact]
    public async Task QuickStart_BuiltFromPackages_StoresHandlesAndMirrorsASignedEvent()
    {
        var artifacts = packed.NewFolder("sample-build");
        var (buildExit, buildOutput) = await ChildProcess.RunAsync(
            "dotnet", ["build", Sample, "-c", "Release", "--artifacts-path", artifacts], Sample, PackedRepository.RestoreTimeout, packed.IsolatedNuGet("sample"));
        Assert.True(buildExit == 0, $"the sample did not build from the packages:\n{buildOutput}");
        // Restored just now, into a folder no earlier build has seen (nuget.config maps ClerkSync* to .artifacts/packages).
        Assert.True(
            Directory.Exists(Path.Combine(packed.IsolatedNuGetFolder("sample"), "clerksync.aspnetcore", PackedRepository.Version)),
            $"ClerkSync.AspNetCore {PackedRepository.Version} was not restored into the isolated packages folder:\n{buildOutput}");

        var secret = WebhookSecret.Generate();
        var withSecret = new Dictionary<string, string?> { ["CLERK_WEBHOOK_SIGNING_SECRET"] = secret, ["CLERK_WEBHOOK_SECRET"] = null };
        var folder = packed.NewFolder("sample-run");
        var url = $"http://127.0.0.1:{PackedRepository.FreePort()}";
        using var app = ChildProcess.Start(
            "dotnet", [Path.Combine(artifacts, "bin", "QuickStart", "release", "QuickStart.dll"), "--urls", url], folder, withSecret);
        await app.WaitForLineAsync(ListeningLine(), Bound);

        var (sendExit, sendOutput) = await ChildProcess.RunAsync(
            packed.ClerkSync, ["send", "--url", url + "/api/webhooks/clerk", "--type", "user.created", "--no-progress"], folder, Bound, withSecret);
        Assert.True(sendExit == 0, $"clerk-sync send exited with {sendExit}:\n{sendOutput}");

        // The typed handler ran in a worker, after the 2xx...
        var userId = (await app.WaitForLineAsync(WelcomeLine(), Bound)).Groups["user"].Value;

        // ...and the mirror holds the user, read with the installed tool.
        var (mirrorExit, mirrorOutput) = await MirroredAsync(userId, Path.Combine(folder, "clerk-sync.db"));
        Assert.True(mirrorExit == 0, $"no clerk_users row {userId}:\n{mirrorOutput}\napp:\n{app.Output}");
        Assert.Contains($"id                           {userId}", mirrorOutput, StringComparison.Ordinal);
        Assert.Contains("upsert", mirrorOutput, StringComparison.Ordinal);
    }

    /// <summary>The mirror row is written in the same worker pass as the handler; poll briefly for its commit.</summary>
    private async Task<(int ExitCode, string Output)> MirroredAsync(string userId, string database)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var result = await ChildProcess.RunAsync(packed.ClerkSync, ["mirror", "show", "users", userId, "--db", database], Path.GetDirectoryName(database)!, Bound);
            if (result.ExitCode == 0 || elapsed.Elapsed > Bound)
            {
                return result;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Welcome (?<user>user_\w+)")]
    private static partial Regex WelcomeLine();
}
