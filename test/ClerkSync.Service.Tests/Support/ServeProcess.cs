using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ClerkSync.Service.Tests.Support;

/// <summary>The built <c>clerk-sync</c> (copied beside the tests) run as a child process.</summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, Uri webhookUrl)
    {
        _process = process;
        WebhookUrl = webhookUrl;
    }

    public Uri WebhookUrl { get; }

    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "clerk-sync.dll");

    public static async Task<ServeProcess> StartAsync(string database, params string[] extra)
    {
        var start = Start(["serve", "--urls", "http://127.0.0.1:0", "--db", database, .. extra]);
        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (WebhookLine().Match(line) is { Success: true } match)
            {
                // Keep draining stdout so the child never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                return new ServeProcess(process, new Uri(match.Groups[1].Value));
            }
        }

        throw new InvalidOperationException("serve exited: " + await process.StandardError.ReadToEndAsync());
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CLERK_WEBHOOK_SIGNING_SECRET"] = ServiceHost.Secret;
        return start;
    }

    [GeneratedRegex(@"Webhook URL:\s+(\S+)")]
    private static partial Regex WebhookLine();
}
