using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ClerkSync.Handlers;
using ClerkSync.Inbox;
using ClerkSync.Storage;
using ClerkSync.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Service.Tests.Support;

/// <summary>A real Kestrel host on 127.0.0.1 (port 0) with AddClerkSync over a SQLite file in a temp directory.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private ServiceHost(WebApplication app, string directory, TimeProvider time)
    {
        App = app;
        Directory = directory;
        Time = time;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address);
        Client = new HttpClient { BaseAddress = BaseUrl };
    }

    public WebApplication App { get; }

    public string Directory { get; }

    public TimeProvider Time { get; }

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    public Recorder Recorder => App.Services.GetRequiredService<Recorder>();

    public IInboxStore Inbox => App.Services.GetRequiredService<IClerkSyncStorage>().Inbox;

    /// <summary>A fake clock at the current time (whole milliseconds, as the inbox stores them), advanced by the test.</summary>
    public static Microsoft.Extensions.Time.Testing.FakeTimeProvider FakeClockAtNow() =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public static async Task<ServiceHost> StartAsync(
        Action<ClerkSyncOptions>? options = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? map = null,
        string? directory = null)
    {
        directory ??= TempDirectory.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        time ??= TimeProvider.System;
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<Recorder>();
        services?.Invoke(builder.Services);
        builder.Services.AddClerkSync(o =>
            {
                o.Secrets.Add(Secret);
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                options?.Invoke(o);
            })
            .UseSqlite(Path.Combine(directory, "clerk-sync.db"))
            .AddHandler<RecordingHandler>();
        var app = builder.Build();
        if (map is null)
        {
            app.MapClerkWebhooks();
            app.MapClerkSyncHealth();
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        return new ServiceHost(app, directory, time);
    }

    public Task<HttpResponseMessage> SendAsync(string id, string body, long? timestamp = null, string secret = Secret, string contentType = "application/json") =>
        SendAsync(id, Encoding.UTF8.GetBytes(body), timestamp, secret, contentType);

    public Task<HttpResponseMessage> SendAsync(string id, byte[] body, long? timestamp = null, string secret = Secret, string contentType = "application/json")
    {
        var ts = timestamp ?? Time.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/clerk") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("svix-id", id);
        request.Headers.Add("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("svix-signature", WebhookSigner.Sign(secret, id, ts, body));
        return Client.SendAsync(request);
    }

    public async Task<InboxMessage> WaitForAsync(string id, Func<InboxMessage, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var row = await Inbox.GetAsync(id);
            if (row is not null && condition(row))
            {
                return row;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"{id} never reached the expected state; last: {row?.Status} attempts {row?.Attempts}");
            }

            await Task.Delay(20);
        }
    }

    public async Task<long> CountRowsAsync()
    {
        var stats = await Inbox.GetStatsAsync();
        return stats.CountsByStatus.Values.Sum();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Records what the handler saw; <see cref="Fail"/> makes it throw.</summary>
internal sealed class Recorder
{
    public ConcurrentDictionary<string, int> Counts { get; } = new();

    public ConcurrentQueue<ClerkDelivery> Deliveries { get; } = new();

    public volatile bool Fail;

    public int Total => Counts.Values.Sum();
}

internal sealed class RecordingHandler(Recorder recorder) : IClerkEventHandler<ClerkEvent>
{
    public Task HandleAsync(ClerkEvent evt, ClerkDelivery delivery, CancellationToken ct)
    {
        recorder.Deliveries.Enqueue(delivery);
        if (recorder.Fail)
        {
            throw new InvalidOperationException("handler failure for " + delivery.WebhookId);
        }

        recorder.Counts.AddOrUpdate(delivery.WebhookId, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

internal static class TempDirectory
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "clerksync-tests", Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}

internal static class Payloads
{
    public static string UserCreated(string userId = "user_1", long timestampMs = 1716883200000) =>
        $$"""{"data":{"id":"{{userId}}","object":"user","updated_at":{{timestampMs}}},"object":"event","type":"user.created","timestamp":{{timestampMs}}}""";

    public static IEnumerable<string> CatalogFiles() =>
        System.IO.Directory.EnumerateFiles(ClerkSync.TestKit.RepositoryPaths.Resources, "*.json", SearchOption.AllDirectories).Order();
}
