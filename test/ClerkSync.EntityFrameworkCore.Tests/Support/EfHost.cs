using System.Globalization;
using System.Net.Http.Headers;
using ClerkSync.EntityFrameworkCore.TestHost;
using ClerkSync.Inbox;
using ClerkSync.Storage;
using ClerkSync.TestKit;
using ClerkSync.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ClerkSync.EntityFrameworkCore.Tests.Support;

/// <summary>
/// A real Kestrel host on 127.0.0.1 with AddClerkSync on <see cref="TestDatabase"/>, <see cref="HostDb"/> registered
/// with AddDbContext and <c>UseEntityFrameworkCore&lt;HostDb&gt;()</c>; the test adds its handlers. Logs are collected.
/// </summary>
internal sealed class EfHost : IAsyncDisposable
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly HttpClient _client;

    private EfHost(WebApplication app, TestDatabase database)
    {
        App = app;
        Database = database;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public WebApplication App { get; }

    public TestDatabase Database { get; }

    public IInboxStore Inbox => App.Services.GetRequiredService<IClerkSyncStorage>().Inbox;

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static async Task<EfHost> StartAsync(
        TestDatabase database,
        Action<IClerkSyncBuilder> handlers,
        Action<ClerkSyncOptions>? options = null,
        TestDatabase? contextDatabase = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton(new HandlerDelay(TimeSpan.Zero));
        builder.Services.AddDbContext<HostDb>(o => (contextDatabase ?? database).Configure(o));
        var clerkSync = builder.Services.AddClerkSync(o =>
        {
            o.Secrets.Add(Secret);
            o.PollInterval = TimeSpan.FromMilliseconds(50);
            o.Retry.UseJitter = false;
            options?.Invoke(o);
        });
        database.Configure(clerkSync).UseEntityFrameworkCore<HostDb>();
        handlers(clerkSync);
        var app = builder.Build();
        app.MapClerkWebhooks();
        await app.StartAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HostDb>().CreateTableAsync();
        }

        return new EfHost(app, database);
    }

    /// <summary>Sends one signed delivery and asserts it was acknowledged.</summary>
    public async Task SendAsync(string webhookId, byte[] body)
    {
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/clerk") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("svix-id", webhookId);
        request.Headers.Add("svix-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("svix-signature", WebhookSigner.Sign(Secret, webhookId, timestamp, body));
        using var response = await _client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{webhookId}: {(int)response.StatusCode}");
    }

    /// <summary>Sends generated events (TestKit's mirror workload).</summary>
    public async Task SendAsync(IEnumerable<WorkloadEvent> events)
    {
        foreach (var e in events)
        {
            await SendAsync(e.WebhookId, e.Body);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the row, and returns it.</summary>
    public async Task<InboxMessage> WaitForAsync(string webhookId, Func<InboxMessage, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        InboxMessage? row = null;
        while (!cts.IsCancellationRequested)
        {
            row = await Inbox.GetAsync(webhookId);
            if (row is not null && condition(row))
            {
                return row;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{webhookId} never reached the expected state; last: {row?.Status} attempt {row?.Attempts}, error {row?.LastError}");
    }

    /// <summary>Waits until no row is pending, processing or failed.</summary>
    public async Task WaitForAllDoneAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var stats = await Inbox.GetStatsAsync();
            var open = stats.CountsByStatus.Where(c => c.Key is InboxStatus.Pending or InboxStatus.Processing or InboxStatus.Failed).Sum(c => c.Value);
            if (open == 0)
            {
                return;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"{open} deliveries still open");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
