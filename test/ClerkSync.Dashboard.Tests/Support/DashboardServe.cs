using System.Text.RegularExpressions;
using ClerkSync.Cli.Tests.Support;
using Microsoft.Playwright;

namespace ClerkSync.Dashboard.Tests.Support;

/// <summary>
/// One <c>clerk-sync serve</c> and one headless Chromium per test class (issue #13): serve on a fresh SQLite file that
/// already holds two dead deliveries (a handler error, replayable), then real signed deliveries over HTTP, among them one
/// that is dead at once (it does not parse). Tests open their own browser context (cookies) on the shared browser.
/// </summary>
public sealed partial class DashboardServe : IAsyncLifetime
{
    public const string AdaId = "msg_dash_user_ada";
    public const string AdaEmail = "ada.lovelace@example.com";
    public const string OrgId = "msg_dash_org";
    public const string SessionId = "msg_dash_session";
    public const string UnparseableId = "msg_dash_unparseable";
    public const string HandlerDeadId = "msg_dash_handler_dead";
    public const string HandlerDeadUser = "user_dash_dead";

    /// <summary>A second dead delivery like <see cref="HandlerDeadId"/>, for the replay test alone: it turns done, which
    /// no other test of the class may depend on, whatever the order the tests run in.</summary>
    public const string ReplayId = "msg_dash_replay";
    public const string ReplayUser = "user_dash_replay";
    public const string HandlerError = "System.TimeoutException: the CRM did not answer in 30 s";

    private IPlaywright? _playwright;

    internal ServeProcess Serve { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Gets the dashboard's root URL, <c>http://127.0.0.1:{port}/clerk-sync/</c>.</summary>
    public string Root => new Uri(Serve.BaseUrl, "/clerk-sync/").ToString();

    public async ValueTask InitializeAsync()
    {
        Serve = ServeProcess.InNewFolder("dashboard", Deliveries.Secret);
        Serve.Environment["ClerkSync__PollInterval"] = "00:00:00.100";
        Serve.Environment["ClerkSync__Dashboard__LiveInterval"] = "00:00:00.500";
        var launch = Chromium.LaunchAsync();
        await Deliveries.SeedDeadAsync(Serve.Database, HandlerDeadId, HandlerDeadUser, HandlerError, TimeSpan.FromMinutes(5));
        await Deliveries.SeedDeadAsync(Serve.Database, ReplayId, ReplayUser, HandlerError, TimeSpan.FromMinutes(4));
        await Serve.StartAsync();
        await Deliveries.SendAsync(Http, Serve.WebhookUrl, AdaId, Deliveries.UserCreated("user_dash_ada", AdaEmail));
        await Deliveries.SendAsync(Http, Serve.WebhookUrl, OrgId, Deliveries.Example("organization.created"));
        await Deliveries.SendAsync(Http, Serve.WebhookUrl, SessionId, Deliveries.Example("session.created"));
        await Deliveries.SendAsync(Http, Serve.WebhookUrl, UnparseableId, Deliveries.Unparseable("user.updated"));
        foreach (var (id, status) in new[] { (AdaId, "done"), (OrgId, "done"), (SessionId, "done"), (UnparseableId, "dead") })
        {
            await WaitForStatusAsync(id, status);
        }

        (_playwright, Browser) = await launch;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Serve.DisposeAsync();
        Http.Dispose();
    }

    /// <summary>A fresh context (its own cookies) and page on the shared browser.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>The status a delivery's page shows, read over plain HTTP.</summary>
    public async Task<string?> StatusOfAsync(string svixId)
    {
        var html = await Http.GetStringAsync(new Uri(Serve.BaseUrl, "/clerk-sync/deliveries/" + svixId));
        return SummaryStatus().Match(html) is { Success: true } m ? m.Groups[1].Value : null;
    }

    /// <summary>Waits until a delivery has <paramref name="status"/> (20 s: a loaded 2-core machine processes in well under 1 s).</summary>
    public async Task WaitForStatusAsync(string svixId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((last = await StatusOfAsync(svixId)) == status)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // 404 until stored.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{svixId} did not become {status} within 20 s; last seen: {last ?? "not stored"}");
    }

    [GeneratedRegex("<dl class=\"summary\" data-svix-id=\"[^\"]*\" data-status=\"([a-z]+)\"")]
    private static partial Regex SummaryStatus();
}
