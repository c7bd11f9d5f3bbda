using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using ClerkSync.Inbox;
using ClerkSync.Service.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.Service.Tests.Endpoint;

/// <summary>Replay by API (issue #3): MapClerkSyncAdmin over real Kestrel, behind the app's own authorization.</summary>
public sealed class AdminEndpointTests
{
    [Fact]
    public async Task Admin_ListShowAndReplay_DeadDeliveriesProcessedAfterReplay()
    {
        await using var host = await StartAsync(o => o.Retry.MaxAttempts = 1);
        host.Recorder.Fail = true;
        await host.SendAsync("msg_a", Payloads.UserCreated());
        await host.SendAsync("msg_b", Payloads.UserCreated());
        await host.WaitForAsync("msg_a", m => m.Status == InboxStatus.Dead);
        await host.WaitForAsync("msg_b", m => m.Status == InboxStatus.Dead);
        host.Recorder.Fail = false;

        using (var dead = await GetJsonAsync(host, "/clerk-sync/events?status=dead&type=user.created&since=1h&limit=10"))
        {
            var rows = dead.RootElement.EnumerateArray().ToList();
            Assert.Equal(["msg_a", "msg_b"], rows.Select(r => r.GetProperty("webhook_id").GetString()).Order());
            Assert.All(rows, r => Assert.False(r.TryGetProperty("body", out _)));
            Assert.All(rows, r => Assert.Equal("dead", r.GetProperty("status").GetString()));
        }

        using (var one = await GetJsonAsync(host, "/clerk-sync/events/msg_a?body=true"))
        {
            Assert.Equal(1, one.RootElement.GetProperty("attempts").GetInt32());
            Assert.Equal("user.created", one.RootElement.GetProperty("body").GetProperty("type").GetString());
            Assert.Contains("handler failure", one.RootElement.GetProperty("last_error").GetString());
        }

        // One by id, then the rest by type and status.
        Assert.Equal("""{"replayed":1}""", await PostAsync(host, "/clerk-sync/events/msg_a/replay", HttpStatusCode.OK));
        var a = await host.WaitForAsync("msg_a", m => m.Status == InboxStatus.Done);
        Assert.Equal(["dead", "replayed", "done"], a.History.Select(h => h.Outcome));
        Assert.Equal("""{"replayed":1}""", await PostAsync(host, "/clerk-sync/replay?type=user.created&status=dead", HttpStatusCode.OK));
        Assert.Equal(1, (await host.WaitForAsync("msg_b", m => m.Status == InboxStatus.Done)).Attempts);
        Assert.Equal("""{"replayed":0}""", await PostAsync(host, "/clerk-sync/replay?all=true", HttpStatusCode.OK));
    }

    [Theory]
    [InlineData("GET", "/clerk-sync/events/msg_missing", 404, "not_found")]
    [InlineData("POST", "/clerk-sync/events/msg_missing/replay", 404, "not_found")]
    [InlineData("POST", "/clerk-sync/events/msg_pending/replay", 409, "not_replayable")]
    [InlineData("POST", "/clerk-sync/replay", 400, "vague_replay")]
    [InlineData("POST", "/clerk-sync/replay?status=bogus", 400, "invalid_query")]
    [InlineData("POST", "/clerk-sync/replay?since=1e300d", 400, "invalid_query")]
    [InlineData("GET", "/clerk-sync/events?status=dead,failed", 400, "invalid_query")]
    [InlineData("GET", "/clerk-sync/events?since=soon", 400, "invalid_query")]
    [InlineData("GET", "/clerk-sync/events?limit=0", 400, "invalid_query")]
    [InlineData("GET", "/clerk-sync/events?limit=many", 400, "invalid_query")]
    public async Task Admin_BadRequests_AnswerA4xxWithAReasonCode_AndChangeNothing(string method, string path, int status, string code)
    {
        await using var host = await StartAsync(o => o.Workers = 0);
        await host.SendAsync("msg_pending", Payloads.UserCreated());

        using var request = Admin(new HttpRequestMessage(new HttpMethod(method), path));
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, json.RootElement.GetProperty("error").GetString());
        var row = (await host.Inbox.GetAsync("msg_pending"))!;
        Assert.Equal(InboxStatus.Pending, row.Status);
        Assert.Empty(row.History);
    }

    [Fact]
    public async Task Admin_RequiresTheAppsAuthorization_AnonymousAndNonAdminsRefused()
    {
        await using var host = await StartAsync(o => o.Workers = 0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/clerk-sync/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.PostAsync("/clerk-sync/replay?all=true", null)).StatusCode);

        using var notAdmin = new HttpRequestMessage(HttpMethod.Get, "/clerk-sync/events");
        notAdmin.Headers.Add(HeaderAuthentication.UserHeader, "someone");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.SendAsync(notAdmin)).StatusCode);

        using var admin = Admin(new HttpRequestMessage(HttpMethod.Get, "/clerk-sync/events"));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(admin)).StatusCode);

        // The webhook itself stays anonymous: the signature authenticates it.
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync("msg_anonymous", Payloads.UserCreated())).StatusCode);
    }

    private static Task<ServiceHost> StartAsync(Action<ClerkSyncOptions> options) =>
        ServiceHost.StartAsync(
            options,
            services: s =>
            {
                s.AddAuthentication(HeaderAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
                s.AddAuthorizationBuilder().AddPolicy("admins", p => p.RequireRole("admin"));
            },
            map: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapClerkWebhooks();
                app.MapClerkSyncAdmin().RequireAuthorization("admins");
            });

    private static HttpRequestMessage Admin(HttpRequestMessage request)
    {
        request.Headers.Add(HeaderAuthentication.UserHeader, "ops");
        request.Headers.Add(HeaderAuthentication.RoleHeader, "admin");
        return request;
    }

    private static async Task<JsonDocument> GetJsonAsync(ServiceHost host, string path)
    {
        using var request = Admin(new HttpRequestMessage(HttpMethod.Get, path));
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> PostAsync(ServiceHost host, string path, HttpStatusCode expected)
    {
        using var request = Admin(new HttpRequestMessage(HttpMethod.Post, path));
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A stand-in for the app's real sign-in: a user and role taken from request headers.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Header";
        public const string UserHeader = "X-Test-User";
        public const string RoleHeader = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[UserHeader] is not [{ } user])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.Name, user) };
            if (Request.Headers[RoleHeader] is [{ } role])
            {
                claims.Add(new Claim(ClaimTypes.Role, role));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
