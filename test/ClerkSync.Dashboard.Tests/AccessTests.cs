using System.Net;
using System.Text.RegularExpressions;
using ClerkSync.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace ClerkSync.Dashboard.Tests;

/// <summary>Who may open the dashboard (issue #13): loopback without a policy, the app's policy, or the access token.</summary>
public sealed partial class AccessTests
{
    private const string Remote = "203.0.113.7";
    private const string Token = "a-long-dashboard-access-token";

    [Fact]
    public async Task WithoutAPolicy_LoopbackIsServed_ARemoteClientIsRefusedWithWhatToConfigure()
    {
        await using var host = await DashboardHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/clerk-sync/")).StatusCode);

        foreach (var path in new[] { "/clerk-sync/", "/clerk-sync/overview", "/clerk-sync/deliveries/msg_x", "/clerk-sync/api/deliveries" })
        {
            using var refused = await host.GetAsync(path, remote: Remote);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("RequireAuthorization", await refused.Content.ReadAsStringAsync());
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, "/clerk-sync/failures/purge");
        DashboardHost.Headers(post, remote: Remote);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.SendAsync(post)).StatusCode);
    }

    [Fact]
    public async Task WithAPolicy_RemoteClientsGetTheAppsAuthorization()
    {
        await using var host = await DashboardHost.StartAsync(map: app => app.MapClerkSyncDashboard().RequireAuthorization("admins"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/clerk-sync/", remote: Remote)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("/clerk-sync/", remote: Remote, role: "viewer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/clerk-sync/", remote: Remote, role: "admin")).StatusCode);

        // The policy binds loopback clients too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/clerk-sync/")).StatusCode);
    }

    [Fact]
    public async Task WithAnAccessToken_EveryClientSignsInOnce_OrSendsItAsABearer()
    {
        await using var host = await DashboardHost.StartAsync(o => o.AccessToken = Token);
        using (var anonymous = await host.GetAsync("/clerk-sync/"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, anonymous.StatusCode);
            Assert.Equal("/clerk-sync/login", anonymous.Headers.Location!.OriginalString);
        }

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/clerk-sync/overview", remote: Remote, bearer: Token)).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await host.GetAsync("/clerk-sync/overview", remote: Remote, bearer: Token + "x")).StatusCode);

        // The sign-in form: a wrong token is 401, the right one sets the session cookie (never the token itself).
        using var form = await host.GetAsync("/clerk-sync/login", remote: Remote);
        var antiforgeryCookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        var field = FormToken().Match(await form.Content.ReadAsStringAsync());
        Assert.True(field.Success);

        async Task<HttpResponseMessage> SignInAsync(string token)
        {
            var post = new HttpRequestMessage(HttpMethod.Post, "/clerk-sync/login")
            {
                Content = new FormUrlEncodedContent([new(field.Groups[1].Value, WebUtility.HtmlDecode(field.Groups[2].Value)), new("token", token)]),
            };
            DashboardHost.Headers(post, remote: Remote, cookie: antiforgeryCookie);
            return await host.Client.SendAsync(post);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("wrong-token-wrong-token")).StatusCode);
        using var signedIn = await SignInAsync(Token);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ClerkSync.Dashboard=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, session);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/clerk-sync/", remote: Remote, cookie: session.Split(';')[0])).StatusCode);
    }

    [Fact]
    public async Task AdminJsonAndDashboard_ShareThePrefix_WithoutAClash()
    {
        await using var host = await DashboardHost.StartAsync(map: app =>
        {
            app.MapClerkWebhooks();
            app.MapClerkSyncAdmin().RequireAuthorization("admins");
            app.MapClerkSyncDashboard().RequireAuthorization("admins");
        });
        using var events = await host.GetAsync("/clerk-sync/events", role: "admin");
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.StartsWith("application/json", events.Content.Headers.ContentType!.ToString());
        using var page = await host.GetAsync("/clerk-sync/", role: "admin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("/clerk-sync/?status=bogus")]
    [InlineData("/clerk-sync/?from=soon")]
    [InlineData("/clerk-sync/?to=1e300d")]
    [InlineData("/clerk-sync/?after=not-a-cursor")]
    [InlineData("/clerk-sync/api/deliveries?after=1.x")]
    public async Task BadFilters_Answer400WithTheReason_NotA5xx(string path)
    {
        await using var host = await DashboardHost.StartAsync();
        using var response = await host.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MissingThings_Answer404_AndUnknownAssets404()
    {
        await using var host = await DashboardHost.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync("/clerk-sync/deliveries/msg_missing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync("/clerk-sync/failures/confirm?action=replay&group=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync("/clerk-sync/assets/secrets.txt")).StatusCode);
        using var css = await host.GetAsync("/clerk-sync/assets/dashboard.css");
        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType!.ToString());
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex FormToken();
}
