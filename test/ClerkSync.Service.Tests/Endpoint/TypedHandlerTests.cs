using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ClerkSync.Handlers;
using ClerkSync.Inbox;
using ClerkSync.Service.Tests.Support;
using ClerkSync.TestKit;
using ClerkSync.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Service.Tests.Endpoint;

public sealed class TypedHandlerTests
{
    [Fact]
    public async Task TypedHandler_ReceivesOnlyItsEventType_WithTypedData()
    {
        var seen = new ConcurrentQueue<(UserCreatedEvent Event, ClerkDelivery Delivery)>();
        await using var host = await ServiceHost.StartAsync(services: s =>
        {
            s.AddSingleton(seen);
            s.AddClerkSync(_ => { }).AddHandler<UserCreatedHandler>();
        });

        var user = File.ReadAllBytes(Path.Combine(RepositoryPaths.Resources, "user.created", "openapi.json"));
        var org = File.ReadAllBytes(Path.Combine(RepositoryPaths.Resources, "organization.created", "openapi.json"));
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync("msg_typed_user", user)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync("msg_typed_org", org)).StatusCode);
        await host.WaitForAsync("msg_typed_user", m => m.Status == InboxStatus.Done);
        await host.WaitForAsync("msg_typed_org", m => m.Status == InboxStatus.Done);

        var (evt, delivery) = Assert.Single(seen);
        var expectedId = JsonDocument.Parse(user).RootElement.GetProperty("data").GetProperty("id").GetString();
        Assert.Equal(expectedId, evt.Data.Id);
        Assert.Equal("msg_typed_user", delivery.WebhookId);
        Assert.Equal(1, delivery.Attempt);
        Assert.Equal(user, evt.RawJson.ToArray());
    }

    private sealed class UserCreatedHandler(ConcurrentQueue<(UserCreatedEvent, ClerkDelivery)> seen) : IClerkEventHandler<UserCreatedEvent>
    {
        public Task HandleAsync(UserCreatedEvent evt, ClerkDelivery delivery, CancellationToken ct)
        {
            seen.Enqueue((evt, delivery));
            return Task.CompletedTask;
        }
    }
}
