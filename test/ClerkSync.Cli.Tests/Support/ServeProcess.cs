using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ClerkSync.Cli.Tests.Support;

/// <summary>
/// <c>clerk-sync serve</c> (the built tool beside the tests) as a child process on a fixed loopback port and database,
/// so that it can be SIGKILLed and restarted in place.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly string _database;
    private readonly string? _secret;
    private readonly string[] _extra;
    private readonly System.Text.StringBuilder _output = new();
    private Process? _process;

    /// <summary>Gets extra environment variables for the child, such as <c>ClerkSync__Lease</c>.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets whether serve gets <c>--db</c>; without it the storage comes from <see cref="Environment"/>.</summary>
    public bool DatabaseFlag { get; set; } = true;

    /// <param name="database">The SQLite file.</param>
    /// <param name="secret">CLERK_WEBHOOK_SIGNING_SECRET for the child; null leaves it unset.</param>
    /// <param name="extra">More arguments for serve.</param>
    public ServeProcess(string database, string? secret, params string[] extra)
    {
        _database = database;
        _secret = secret;
        _extra = extra;
        Port = FreePort();
    }

    public int Port { get; }

    public string Database => _database;

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    public Uri WebhookUrl => new(BaseUrl, "/api/webhooks/clerk");

    public int Starts { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public int Pid => _process?.Id ?? throw new InvalidOperationException("serve is not running");

    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "clerk-sync.dll");

    /// <summary>A serve for one test: a new temporary folder holding <c>{name}.db</c>.</summary>
    public static ServeProcess InNewFolder(string name, string? secret, params string[] extra) =>
        new(Path.Combine(Directory.CreateTempSubdirectory($"clerk-sync-{name}-").FullName, name + ".db"), secret, extra);

    /// <summary>Skips the calling test while <c>serve</c> is still the command skeleton's placeholder (issue #3 not merged).</summary>
    public static void SkipUnlessServeIsBuilt()
    {
        if (Program.CreateCommand().Subcommands.Single(c => c.Name == "serve").Action is null)
        {
            Assert.Skip("clerk-sync serve is not built in this tree yet (issue #3): the reliability harness needs it.");
        }
    }

    /// <summary>Starts serve and returns once its webhook endpoint answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var process = Launch();

        // Drain both pipes (kept in Output) so the child never blocks on a full one.
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"serve exited with {process.ExitCode}: {await stderr}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "/healthz"), deadline.Token);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // A probe timed out; try again.
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Runs another <c>clerk-sync</c> command as a process beside serve: same working directory and environment.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunCliAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Gets what the child wrote on stdout (its console log) since it was created, across restarts.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs serve (with this database and port) expecting it to exit; returns its exit code and both streams.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(TimeSpan timeout)
    {
        var start = StartInfo();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail($"serve was still running after {timeout.TotalSeconds} s; it printed: {await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Starts serve expecting it to refuse to start: returns its exit code, output and how long it ran, or fails the test
    /// (killing it) when it is still running after <paramref name="within"/>.
    /// </summary>
    public async Task<(int ExitCode, string Output, string Error, TimeSpan Elapsed)> ExpectExitAsync(TimeSpan within)
    {
        var started = Stopwatch.StartNew();
        var (exitCode, output, error) = await RunToExitAsync(within);
        return (exitCode, output, error, started.Elapsed);
    }

    /// <summary>SIGKILL: no shutdown code runs, in-flight requests are cut.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }
    }

    /// <summary>The child's resident set size, from /proc.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("VmRSS not found");
    }

    private Process Launch()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("serve is already running");
        }

        var process = Process.Start(StartInfo())!;
        _process = process;
        Starts++;
        return process;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private ProcessStartInfo StartInfo() =>
        Start(["serve", "--urls", BaseUrl.ToString().TrimEnd('/'), .. (DatabaseFlag ? new[] { "--db", _database } : []), "--log-level", "Warning", .. _extra]);

    private ProcessStartInfo Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.Exists(Path.GetDirectoryName(_database)) ? Path.GetDirectoryName(_database)! : Path.GetTempPath(),
        };
        start.ArgumentList.Add(CliPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("CLERK_WEBHOOK_SIGNING_SECRET");
        start.Environment.Remove("CLERK_WEBHOOK_SECRET");
        if (_secret is not null)
        {
            start.Environment["CLERK_WEBHOOK_SIGNING_SECRET"] = _secret;
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
