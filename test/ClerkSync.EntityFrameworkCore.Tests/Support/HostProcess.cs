using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ClerkSync.EntityFrameworkCore.Tests.Support;

/// <summary>
/// The test host (one transactional EF handler, a row per delivery) as a child process on a fixed loopback port and
/// database, so that it can be SIGKILLed and restarted in place.
/// </summary>
internal sealed class HostProcess(TestDatabase database, string secret) : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = FreePort();

    public Uri WebhookUrl => new($"http://127.0.0.1:{Port}/api/webhooks/clerk");

    public int Starts { get; private set; }

    /// <summary>Gets extra environment variables for the child, such as <c>ClerkSync__Lease</c>.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts the host and returns once /healthz answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] args = [Path.Combine(AppContext.BaseDirectory, "ClerkSync.EntityFrameworkCore.TestHost.dll"), "serve", "--urls", $"http://127.0.0.1:{Port}", "--log-level", "Warning", .. database.CliOptions];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CLERK_WEBHOOK_SIGNING_SECRET"] = secret;
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        _process = process;
        Starts++;
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (!process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(WebhookUrl, "/healthz"), deadline.Token);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
            }
        }

        throw new InvalidOperationException($"the test host exited with {process.ExitCode}: {await stderr}");
    }

    /// <summary>SIGKILL: no shutdown code runs, in-flight requests and transactions are cut.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
