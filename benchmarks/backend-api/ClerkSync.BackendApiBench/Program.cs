// Issue #16 item 7: list every user of a large Clerk state through IClerkBackendApi, as a reconcile does.
//
//   dotnet run -c Release --project benchmarks/backend-api/ClerkSync.BackendApiBench -- [--users 20000,100000] [--scenario dev|prod|both]
//
// The stand-in runs in a child process (this program with `serve`), so the peak memory reported is the client's alone.
// The stand-in enforces the key's own limit (dev 100 per 10 s, prod 1,000 per 10 s) and the client paces to it: 429s
// would show in the report. The floor is what the pace alone allows: requests beyond the first window wait whole windows.
using System.Diagnostics;
using System.Globalization;
using ClerkSync.BackendApi;
using ClerkSync.TestKit.ClerkApi;
using Microsoft.Extensions.DependencyInjection;

var options = Args.Parse(args);
if (options.Serve)
{
    await Serve(options.Users[0], options.Limit);
    return 0;
}

Console.WriteLine($"users {string.Join(", ", options.Users.Select(u => u.ToString("N0", CultureInfo.InvariantCulture)))}, page {ClerkBackendApiOptions.MaxPageSize}, machine {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine("| key | pace | requests | 429s | users | wall (forced GCs) | rate-limit floor | peak live heap | peak managed heap | peak working set | allocated |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var users in options.Users)
{
    foreach (var (name, perWindow) in options.Scenarios)
    {
        await Measure(name, perWindow, users);
    }
}

return 0;

static async Task Measure(string name, int perWindow, int users)
{
    await using var standIn = await StandInProcess.StartAsync(users, perWindow);
    Console.Error.WriteLine($"{name}: {users:N0} users served by {standIn.BaseUrl}");
    var services = new ServiceCollection();
    var counter = new CountingHandler();
    services.AddClerkBackendApi(o =>
    {
        o.BaseUrl = standIn.BaseUrl;
        o.SecretKey = ClerkApiStandIn.DefaultSecretKey;
        o.RequestsPerWindow = perWindow;
    }).AddHttpMessageHandler(() => counter);
    await using var provider = services.BuildServiceProvider();
    var client = provider.GetRequiredService<IClerkBackendApi>();

    using var sampler = new MemorySampler();
    GC.Collect();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    long listed = 0, newest = 0, peakLive = 0, pages = 0;
    var forcedGc = TimeSpan.Zero;
    await foreach (var page in client.ListAsync(ClerkApiResource.Users))
    {
        // The live heap while a page is held, every 10th page (a full collection first: what the listing keeps,
        // without the garbage a sampled heap also counts). Its time stays in the wall time: the pace's clock runs on.
        if (pages++ % 10 == 0)
        {
            var gc = Stopwatch.StartNew();
            peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true));
            forcedGc += gc.Elapsed;
        }

        // What a reconcile reads of each object before applying it: its id and version.
        foreach (var user in page.Items)
        {
            _ = user.GetProperty("id").GetString();
            newest = Math.Max(newest, user.GetProperty("updated_at").GetInt64());
            listed++;
        }
    }

    clock.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var requests = counter.Requests;
    var window = TimeSpan.FromSeconds(10);

    // The pace lets RequestsPerWindow start at once, then RequestsPerWindow more per window: 10 s, plus the 5% margin
    // the pace keeps (ClerkRateGate.EffectiveWindow).
    var floor = (Math.Ceiling((double)requests / perWindow) - 1) * ClerkRateGate.EffectiveWindow(window).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {perWindow} / 10 s | {requests} | {counter.TooManyRequests} | {listed:N0} | {clock.Elapsed.TotalSeconds:0.0} s ({forcedGc.TotalSeconds:0.00} s) | {floor:0.0} s | {peakLive / 1048576.0:0.0} MiB | {sampler.PeakManagedBytes / 1048576.0:0.0} MiB | {sampler.PeakWorkingSetBytes / 1048576.0:0.0} MiB | {allocated / 1048576.0:0} MiB |"));
}

static async Task Serve(int users, int limit)
{
    await using var standIn = await ClerkApiStandIn.StartAsync();
    ClerkApiObjects.AddUsers(standIn.State, users);
    standIn.RateLimit = (limit, TimeSpan.FromSeconds(10));
    Console.WriteLine(standIn.BaseUrl);
    await Console.In.ReadLineAsync();
}

internal sealed record Args(bool Serve, int[] Users, int Limit, IReadOnlyList<(string Name, int PerWindow)> Scenarios)
{
    public static Args Parse(string[] args)
    {
        var serve = args.Length > 0 && args[0] == "serve";
        int[] users = [100_000];
        var limit = ClerkBackendApiOptions.DevelopmentRequestsPerWindow;
        var scenario = "both";
        for (var i = serve ? 1 : 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--users": users = [.. args[i + 1].Split(',').Select(u => int.Parse(u, CultureInfo.InvariantCulture))]; break;
                case "--limit": limit = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--scenario": scenario = args[i + 1]; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --users N[,N...], --scenario dev|prod|both.");
            }
        }

        (string, int)[] dev = [("development", ClerkBackendApiOptions.DevelopmentRequestsPerWindow)];
        (string, int)[] prod = [("production", ClerkBackendApiOptions.ProductionRequestsPerWindow)];
        return new Args(serve, users, limit, scenario switch { "dev" => dev, "prod" => prod, _ => [.. dev, .. prod] });
    }
}

/// <summary>The stand-in in a child process: its memory is not the client's.</summary>
internal sealed class StandInProcess : IAsyncDisposable
{
    private readonly Process _process;

    private StandInProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<StandInProcess> StartAsync(int users, int limit)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(StandInProcess).Assembly.Location);
        }

        foreach (var arg in new[] { "serve", "--users", users.ToString(CultureInfo.InvariantCulture), "--limit", limit.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var url = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The stand-in process exited before printing its URL.");
        return new StandInProcess(process, new Uri(url));
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>Counts what the client put on the wire (innermost handler) and the 429s it got.</summary>
internal sealed class CountingHandler : DelegatingHandler
{
    private int _requests;
    private int _tooMany;

    public int Requests => _requests;

    public int TooManyRequests => _tooMany;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode == 429)
        {
            Interlocked.Increment(ref _tooMany);
        }

        return response;
    }
}

/// <summary>Samples the managed heap and the working set every 20 ms; the peak of a paged listing stays near one page.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peakManaged;
    private long _peakWorkingSet;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));

    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);

    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakWorkingSet);

    public void Dispose()
    {
        _timer.Dispose();
        Sample();
    }

    private void Sample()
    {
        Max(ref _peakManaged, GC.GetTotalMemory(forceFullCollection: false));
        using var self = Process.GetCurrentProcess();
        Max(ref _peakWorkingSet, self.WorkingSet64);
    }

    private static void Max(ref long peak, long value)
    {
        for (var seen = Interlocked.Read(ref peak); value > seen; seen = Interlocked.Read(ref peak))
        {
            if (Interlocked.CompareExchange(ref peak, value, seen) == seen)
            {
                return;
            }
        }
    }
}
