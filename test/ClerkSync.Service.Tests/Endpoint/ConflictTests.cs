using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using ClerkSync.Diagnostics;
using ClerkSync.Service.Tests.Support;
using ClerkSync.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Service.Tests.Endpoint;

/// <summary>
/// Issue #10, item 8: a stored svix id arriving again with a different, validly signed body. Before: discarded with one
/// Debug line. Now: the first body is kept and the answer is a duplicate's 2xx, but the conflict is counted (metric),
/// logged as a warning with the id and both event types (never a body), and shown by <c>clerk-sync events show</c>.
/// </summary>
public sealed class ConflictTests
{
    [Fact]
    public async Task Endpoint_SameSvixIdDifferentSignedBody_FirstKept2xx_ConflictCountedLoggedAndShown()
    {
        var log = new LogRecorder();
        await using var host = await ServiceHost.StartAsync(o => o.Workers = 0, services: s => s.AddSingleton<ILoggerProvider>(log));
        var meters = host.App.Services.GetRequiredService<IMeterFactory>();
        var conflicts = new List<(long Value, string? EventType)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "clerksync.deliveries.conflicts")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (conflicts)
            {
                conflicts.Add((value, tags.ToArray().FirstOrDefault(t => t.Key == "event_type").Value as string));
            }
        });
        listener.Start();

        var first = Payloads.UserCreated("user_1");
        const string Marker = "PRIVATE-BODY-MARKER";
        var second = $$"""{"data":{"id":"user_1","object":"user","deleted":true,"note":"{{Marker}}"},"object":"event","type":"user.deleted","timestamp":1716883300000}""";

        using (var stored = await host.SendAsync("msg_conflict", first))
        {
            Assert.Equal("""{"status":"stored"}""", await stored.Content.ReadAsStringAsync());
        }

        using (var again = await host.SendAsync("msg_conflict", second))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal("""{"status":"duplicate"}""", await again.Content.ReadAsStringAsync());
        }

        var row = (await host.Inbox.GetAsync("msg_conflict"))!;
        Assert.Equal(first, System.Text.Encoding.UTF8.GetString(row.Body.Span));
        Assert.Equal("user.created", row.EventType);
        Assert.Equal(1, row.Conflicts);
        Assert.Equal("user.deleted", row.LastConflictType);
        Assert.NotNull(row.LastConflictAt);

        var warning = Assert.Single(log.WithId(ClerkSyncEventId.DeliveryConflict));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("msg_conflict", warning.Message, StringComparison.Ordinal);
        Assert.Contains("stored user.created, this one user.deleted", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains(Marker, StringComparison.Ordinal) || e.Message.Contains("user_1", StringComparison.Ordinal));
        lock (conflicts)
        {
            Assert.Equal([(1L, (string?)"user.deleted")], conflicts);
        }

        // The first body again is an ordinary duplicate: not a conflict.
        using (var duplicate = await host.SendAsync("msg_conflict", first))
        {
            Assert.Equal("""{"status":"duplicate"}""", await duplicate.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, (await host.Inbox.GetAsync("msg_conflict"))!.Conflicts);

        var database = Path.Combine(host.Directory, "clerk-sync.db");
        var (exit, output) = await ServeProcess.RunAsync("events", "show", "msg_conflict", "--db", database, "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1, json.RootElement.GetProperty("conflicts").GetInt32());
        Assert.Equal("user.deleted", json.RootElement.GetProperty("last_conflict_type").GetString());
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("last_conflict_at").ValueKind);

        (exit, output) = await ServeProcess.RunAsync("events", "show", "msg_conflict", "--db", database);
        Assert.Equal(0, exit);
        Assert.Matches(@"conflicts        1 \(a different body under this id; last \S+, user\.deleted; the first body is kept\)", output);
    }
}
