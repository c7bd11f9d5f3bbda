using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClerkSync.Inbox;
using ClerkSync.Storage;
using ClerkSync.TestKit;
using ClerkSync.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Dashboard.Tests.Support;

/// <summary>Signed deliveries for a serve, and dead rows written through the public inbox API before serve starts.</summary>
internal static class Deliveries
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>A user.created from the committed OpenAPI example, with its id, time and one email address set.</summary>
    public static byte[] UserCreated(string userId, string email)
    {
        var root = JsonNode.Parse(Fixtures.Load("user.created"))!;
        root["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var data = root["data"]!;
        data["id"] = userId;
        data["first_name"] = "Ada";
        data["last_name"] = "Lovelace";
        data["primary_email_address_id"] = "idn_" + userId;
        data["email_addresses"] = new JsonArray(new JsonObject
        {
            ["object"] = "email_address",
            ["id"] = "idn_" + userId,
            ["email_address"] = email,
            ["verification"] = new JsonObject { ["status"] = "verified", ["strategy"] = "email_code" },
            ["linked_to"] = new JsonArray(),
        });
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>Another committed example with its time set to now.</summary>
    public static byte[] Example(string eventType)
    {
        var root = JsonNode.Parse(Fixtures.Load(eventType))!;
        root["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>Signed correctly and a Clerk envelope, but its data is not a user: dead at its first attempt.</summary>
    public static byte[] Unparseable(string eventType) =>
        Encoding.UTF8.GetBytes($$"""{"object":"event","type":"{{eventType}}","timestamp":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"data":42}""");

    public static async Task SendAsync(HttpClient http, Uri webhookUrl, string svixId, byte[] body, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Add("svix-id", svixId);
        request.Headers.Add("svix-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("svix-signature", WebhookSigner.Sign(Secret, svixId, timestamp, body));
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{svixId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Stores a delivery received <paramref name="age"/> ago in <paramref name="database"/> and lets it die as a worker
    /// would after a handler error: the row a replay can then process. Through AddClerkSync's own storage, before serve
    /// opens the file.
    /// </summary>
    public static async Task SeedDeadAsync(string database, string svixId, string userId, string error, TimeSpan age)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddClerkSync(o => o.Secrets.Add(Secret)).UseSqlite(database);
        var provider = services.BuildServiceProvider();
        await using (provider)
        {
            var inbox = provider.GetRequiredService<IClerkSyncStorage>().Inbox;
            await inbox.InitializeAsync();
            var body = UserCreated(userId, userId + "@example.com");
            await inbox.AddAsync(new InboxDelivery
            {
                WebhookId = svixId,
                EventType = "user.created",
                EventTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                EntityKey = "user:" + userId,
                ReceivedAt = DateTimeOffset.UtcNow - age,
                Body = body,
                SignatureTimestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                Signature = WebhookSigner.Sign(Secret, svixId, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body),
            });
            var claimed = Assert.Single(await inbox.ClaimAsync("seed", 10, TimeSpan.FromMinutes(1)));
            Assert.True(await inbox.FailAsync(claimed, "seed", error, nextAttemptAt: null));
        }
    }
}
