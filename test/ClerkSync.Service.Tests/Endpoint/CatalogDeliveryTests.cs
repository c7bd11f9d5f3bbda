using System.Net;
using ClerkSync.Inbox;
using ClerkSync.Service.Tests.Support;

namespace ClerkSync.Service.Tests.Endpoint;

public sealed class CatalogDeliveryTests
{
    [Fact]
    public async Task EveryCatalogExample_SentThreeTimes_ReachesTheHandlerExactlyOnce()
    {
        await using var host = await ServiceHost.StartAsync();
        var files = Payloads.CatalogFiles().ToArray();
        Assert.True(files.Length >= 45, $"expected the catalog fixtures, found {files.Length}");
        var ids = files.Select((_, i) => $"msg_catalog_{i}").ToArray();

        for (var round = 0; round < 3; round++)
        {
            // Each round sends every example concurrently; rounds 2 and 3 are retries of the same svix-ids.
            var responses = await Task.WhenAll(files.Select((f, i) => host.SendAsync(ids[i], File.ReadAllBytes(f))));
            foreach (var response in responses)
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, text);
                Assert.Contains(round == 0 ? "stored" : "duplicate", text);
            }
        }

        foreach (var id in ids)
        {
            await host.WaitForAsync(id, m => m.Status == InboxStatus.Done);
        }

        await Task.Delay(200);
        Assert.Equal(ids.Length, host.Recorder.Counts.Count);
        Assert.All(ids, id => Assert.Equal(1, host.Recorder.Counts[id]));
        Assert.Equal(ids.Length, await host.CountRowsAsync());
    }

    [Fact]
    public async Task Delivery_AcknowledgedBeforeHandling_HandlerGetsDeliveryDetails()
    {
        await using var host = await ServiceHost.StartAsync();
        var response = await host.SendAsync("msg_details", Payloads.UserCreated());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await host.WaitForAsync("msg_details", m => m.Status == InboxStatus.Done);
        var delivery = Assert.Single(host.Recorder.Deliveries);
        Assert.Equal("msg_details", delivery.WebhookId);
        Assert.Equal(1, delivery.Attempt);
        Assert.Equal("user.created", delivery.EventType);
        Assert.Equal(row.ReceivedAt, delivery.ReceivedAt);
        Assert.Equal("user:user_1", row.EntityKey);
        Assert.Equal(1716883200000, row.EventTimestamp);
    }
}
