using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ClerkSync.Alerts;
using ClerkSync.Dashboard.Tests.Support;
using ClerkSync.Inbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ClerkSync.Dashboard.Tests;

/// <summary>Alerts (issue #13): the three health checks in /healthz, and the de-duplicated webhook sink against a real receiver.</summary>
public sealed class AlertTests
{
    [Fact]
    public async Task DeadDelivery_AlertsTheWebhookOnce_UntilItClears()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var host = await DashboardHost.StartAsync(services: s => s.Configure<ClerkSyncAlertOptions>(o =>
        {
            o.CheckInterval = TimeSpan.FromMilliseconds(200);
            o.WebhookUrl = receiver.Url;
        }));

        await Deliveries.SendAsync(host.Client, host.WebhookUrl, "msg_alert_dead", Deliveries.Unparseable("user.created"));
        var raised = await receiver.WaitForAsync(1);
        Assert.Equal("clerksync-dead", raised[0].GetProperty("clerksync").GetProperty("check").GetString());
        Assert.Equal("Degraded", raised[0].GetProperty("clerksync").GetProperty("status").GetString());
        Assert.StartsWith("ClerkSync Degraded: clerksync-dead: 1 deliveries became dead", raised[0].GetProperty("text").GetString());
        Assert.False(raised[0].GetProperty("clerksync").GetProperty("cleared").GetBoolean());

        // Checked about ten more times while still dead: no second alert.
        await Task.Delay(2000);
        Assert.Single(receiver.Received);
        using (var health = JsonDocument.Parse(await host.Client.GetStringAsync("/healthz")))
        {
            Assert.Equal("Degraded", health.RootElement.GetProperty("status").GetString());
            Assert.Equal(1, health.RootElement.GetProperty("clerksync-dead").GetProperty("dead_in_window").GetInt64());
        }

        // Purging the dead row ends the condition: one "cleared".
        Assert.Equal(1, await host.Storage.Inbox.PurgeAsync(new PurgeFilter { Before = DateTimeOffset.UtcNow.AddMinutes(1), Statuses = [InboxStatus.Dead] }));
        var all = await receiver.WaitForAsync(2);
        Assert.True(all[1].GetProperty("clerksync").GetProperty("cleared").GetBoolean());
        Assert.Equal("clerksync-dead", all[1].GetProperty("clerksync").GetProperty("check").GetString());
        await Task.Delay(1000);
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task WebhookThatFails_IsToldAgainAtTheNextCheck()
    {
        await using var receiver = await Receiver.StartAsync(failFirst: 2);
        await using var host = await DashboardHost.StartAsync(services: s => s.Configure<ClerkSyncAlertOptions>(o =>
        {
            o.CheckInterval = TimeSpan.FromMilliseconds(200);
            o.WebhookUrl = receiver.Url;
        }));

        await Deliveries.SendAsync(host.Client, host.WebhookUrl, "msg_alert_retry", Deliveries.Unparseable("user.created"));
        var received = await receiver.WaitForAsync(1);
        Assert.Equal("clerksync-dead", received[0].GetProperty("clerksync").GetProperty("check").GetString());
        Assert.Equal(3, receiver.Attempts);
    }

    [Fact]
    public async Task Silence_AndLag_TurnHealthDegraded_AndClearWhenDeliveriesFlow()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var host = await DashboardHost.StartAsync(
            services: s =>
            {
                s.AddSingleton<TimeProvider>(time);
                s.Configure<ClerkSyncAlertOptions>(o =>
                {
                    o.MaxSilence = TimeSpan.FromMinutes(10);
                    o.MaxLag = TimeSpan.FromMinutes(2);
                });
            },
            clerkSync: o => o.Workers = 0);

        Assert.Equal(("Healthy", "Healthy"), await SilenceAndLagAsync(host));
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(("Degraded", "Healthy"), await SilenceAndLagAsync(host));

        // A delivery ends the silence; unprocessed (no workers), it lags once it is older than MaxLag.
        await Deliveries.SendAsync(host.Client, host.WebhookUrl, "msg_alert_lag", Deliveries.Example("user.created"), time.GetUtcNow());
        Assert.Equal(("Healthy", "Healthy"), await SilenceAndLagAsync(host));
        time.Advance(TimeSpan.FromMinutes(3));
        await WaitUntilAsync(async () => (await SilenceAndLagAsync(host)).Lag == "Degraded");
        Assert.Equal(("Healthy", "Degraded"), await SilenceAndLagAsync(host));
    }

    [Fact]
    public async Task BadAlertOptions_StopStartUpWithWhatToFix()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => DashboardHost.StartAsync(services: s => s.Configure<ClerkSyncAlertOptions>(o =>
        {
            o.WebhookUrl = new Uri("ftp://alerts.example/");
            o.DeadWindow = TimeSpan.Zero;
        })));
        Assert.Contains("ClerkSync:Alerts:WebhookUrl must be an absolute http or https URL.", failure.Failures);
        Assert.Contains(failure.Failures, f => f.StartsWith("ClerkSync:Alerts:DeadWindow is 00:00:00", StringComparison.Ordinal));
    }

    private static async Task<(string Silence, string Lag)> SilenceAndLagAsync(DashboardHost host)
    {
        using var health = JsonDocument.Parse(await host.Client.GetStringAsync("/healthz"));
        return (health.RootElement.GetProperty("clerksync-silence").GetProperty("status").GetString()!,
            health.RootElement.GetProperty("clerksync-lag").GetProperty("status").GetString()!);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // The lag comes from the monitor's statistics, refreshed on its own timer after the clock moved.
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>A Kestrel receiver on 127.0.0.1 that records alert posts (and can refuse the first few with 503).</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _refuse;
        private int _attempts;

        private Receiver(WebApplication app, int refuse)
        {
            _app = app;
            _refuse = refuse;
        }

        public ConcurrentQueue<JsonElement> Received { get; } = new();

        public int Attempts => Volatile.Read(ref _attempts);

        public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks/alerts");

        public static async Task<Receiver> StartAsync(int failFirst = 0)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app, failFirst);
            app.MapPost("/hooks/alerts", async (HttpContext context) =>
            {
                Interlocked.Increment(ref receiver._attempts);
                if (Interlocked.Decrement(ref receiver._refuse) >= 0)
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }

                Assert.Equal("application/json; charset=utf-8", context.Request.ContentType);
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                receiver.Received.Enqueue(body.RootElement.Clone());
                return Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        public async Task<JsonElement[]> WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Received.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.True(Received.Count >= count, $"expected {count} alert posts within 20 s, got {Received.Count} after {Attempts} attempts");
            return [.. Received];
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
