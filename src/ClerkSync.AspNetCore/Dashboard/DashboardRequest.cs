using System.Text;
using ClerkSync.Inbox;
using ClerkSync.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>One dashboard request: its services, the dashboard's base path, and the page shell every page shares.</summary>
internal sealed class DashboardRequest
{
    /// <summary>
    /// Every page: scripts, styles and images from the dashboard itself only (embedded assets, no inline code), forms
    /// posting back to it, no framing, no plugins.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public DashboardRequest(HttpContext context)
    {
        Context = context;
        var services = context.RequestServices;
        Storage = services.GetRequiredService<IClerkSyncStorage>();
        Browser = Storage.Inbox as IInboxBrowser
            ?? throw new InvalidOperationException($"The storage provider '{Storage.Provider}' has no dashboard queries (IInboxBrowser).");
        Options = services.GetRequiredService<IOptions<ClerkSyncDashboardOptions>>().Value;
        Time = services.GetRequiredService<TimeProvider>();
        Logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ClerkSync.AspNetCore.Dashboard");
        Base = BasePath(context);
    }

    public HttpContext Context { get; }

    public IClerkSyncStorage Storage { get; }

    public IInboxBrowser Browser { get; }

    public ClerkSyncDashboardOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the dashboard's root path without a trailing slash (<c>/clerk-sync</c>, under the app's PathBase).</summary>
    public string Base { get; }

    public CancellationToken Aborted => Context.RequestAborted;

    public IQueryCollection Query => Context.Request.Query;

    /// <summary>The dashboard root of a request: the app's PathBase and the prefix it was mapped under.</summary>
    public static string BasePath(HttpContext context) =>
        (context.Request.PathBase + "/" + (context.GetEndpoint()?.Metadata.GetMetadata<DashboardPrefix>()?.Prefix ?? string.Empty).Trim('/')).TrimEnd('/');

    /// <summary>A hidden antiforgery field for a form (the cookie half is set on this response).</summary>
    public Markup CsrfField()
    {
        var antiforgery = Context.RequestServices.GetRequiredService<IAntiforgery>();
        var tokens = antiforgery.GetAndStoreTokens(Context);
        var html = new Html();
        html.Add($"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">");
        return html.ToMarkup();
    }

    /// <summary>Checks a form post's antiforgery token; answers 400 and returns false when it is missing or wrong.</summary>
    public async Task<bool> ValidateCsrfAsync()
    {
        var antiforgery = Context.RequestServices.GetRequiredService<IAntiforgery>();
        try
        {
            await antiforgery.ValidateRequestAsync(Context).ConfigureAwait(false);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            DashboardLog.CsrfRefused(Logger, Context.Request.Path);
            await WriteMessageAsync(StatusCodes.Status400BadRequest, "Refused: the form's token is missing or stale", "This change needs the anti-forgery token of a dashboard form (CSRF protection). Reload the page and try again.").ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Writes a full page: the shared shell around <paramref name="main"/>, with the security headers.</summary>
    public Task WritePageAsync(string title, string current, Html main, int status = StatusCodes.Status200OK)
    {
        var html = new Html();
        html.Add($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · ClerkSync</title>
            <link rel="stylesheet" href="{Base}/assets/dashboard.css">
            <script src="{Base}/assets/dashboard.js" defer></script>
            </head>
            <body>
            <header><a class="brand" href="{Base}/overview">ClerkSync</a><nav>
            """);
        foreach (var (name, path) in DashboardPaths.Navigation)
        {
            html.Add($"<a href=\"{Base}{path}\"{(name == current ? new Markup(" aria-current=\"page\"") : default)}>{name}</a>");
        }

        html.Add($"</nav></header>\n<main>\n<h1>{title}</h1>\n").Raw(main.ToMarkup()).Add($"</main>\n</body>\n</html>\n");
        return WriteHtmlAsync(html.ToString(), status);
    }

    /// <summary>Writes a short page that explains a refusal or a missing thing.</summary>
    public Task WriteMessageAsync(int status, string title, string message)
    {
        var main = new Html();
        main.Add($"<p class=\"notice\" data-status=\"{status}\">{message}</p>");
        return WritePageAsync(title, string.Empty, main, status);
    }

    /// <summary>Writes HTML (a page or a fragment) with the security headers every dashboard answer carries.</summary>
    public Task WriteHtmlAsync(string html, int status = StatusCodes.Status200OK)
    {
        var response = Context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        SecurityHeaders(response);
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, Aborted).AsTask();
    }

    /// <summary>Answers 303 See Other to a dashboard path (after a form post).</summary>
    public void RedirectTo(string pathAndQuery)
    {
        SecurityHeaders(Context.Response);
        Context.Response.StatusCode = StatusCodes.Status303SeeOther;
        Context.Response.Headers.Location = Base + pathAndQuery;
    }

    /// <summary>CSP, no sniffing, no referrer (URLs carry ids), no caching (pages hold personal data).</summary>
    public static void SecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }
}

/// <summary>Endpoint metadata: the prefix the dashboard was mapped under, for its links.</summary>
/// <param name="Prefix">The prefix.</param>
internal sealed record DashboardPrefix(string Prefix);

/// <summary>The dashboard's navigation.</summary>
internal static class DashboardPaths
{
    public static readonly (string Name, string Path)[] Navigation =
        [("Overview", "/overview"), ("Deliveries", "/"), ("Failures", "/failures"), ("Mirror", "/mirror")];
}
