using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using ClerkSync.AspNetCore.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.Dashboard.Tests.Support;

/// <summary>
/// An app hosting the dashboard on real Kestrel (127.0.0.1, port 0) over a temporary SQLite file. A request carrying
/// <see cref="RemoteHeader"/> is seen as coming from that address, as behind ForwardedHeaders: the tests exercise the
/// remote-client rules without sending traffic anywhere but loopback.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    public const string RemoteHeader = "X-Test-Remote-Address";
    public const string RoleHeader = "X-Test-Role";

    private DashboardHost(WebApplication app)
    {
        App = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(address) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public Uri WebhookUrl => new(Client.BaseAddress!, "/api/webhooks/clerk");

    public ClerkSync.Storage.IClerkSyncStorage Storage => App.Services.GetRequiredService<ClerkSync.Storage.IClerkSyncStorage>();

    public static async Task<DashboardHost> StartAsync(
        Action<ClerkSyncDashboardOptions>? options = null,
        Action<WebApplication>? map = null,
        Action<IServiceCollection>? services = null,
        Action<ClerkSyncOptions>? clerkSync = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(RoleAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, RoleAuthentication>(RoleAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy("admins", p => p.RequireRole("admin"));
        services?.Invoke(builder.Services);
        builder.Services.AddClerkSync(o =>
            {
                o.Secrets.Add(Deliveries.Secret);
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                clerkSync?.Invoke(o);
            })
            .UseSqlite(Path.Combine(Directory.CreateTempSubdirectory("clerk-sync-dashboard-").FullName, "clerk-sync.db"))
            .AddDashboard(options);
        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers[RemoteHeader] is [{ } remote])
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        if (map is null)
        {
            app.MapClerkWebhooks();
            app.MapClerkSyncHealth();
            app.MapClerkSyncDashboard();
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        return new DashboardHost(app);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? remote = null, string? role = null, string? cookie = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        Headers(request, remote, role, cookie, bearer);
        return Client.SendAsync(request);
    }

    public static void Headers(HttpRequestMessage request, string? remote = null, string? role = null, string? cookie = null, string? bearer = null)
    {
        if (remote is not null)
        {
            request.Headers.Add(RemoteHeader, remote);
        }

        if (role is not null)
        {
            request.Headers.Add(RoleHeader, role);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>The app's sign-in, reduced to a role named in a header (no header: anonymous).</summary>
    private sealed class RoleAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestRole";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers[RoleHeader] is [{ } role]
                ? AuthenticateResult.Success(new AuthenticationTicket(
                    new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ops"), new Claim(ClaimTypes.Role, role)], SchemeName)),
                    SchemeName))
                : AuthenticateResult.NoResult());
    }
}
