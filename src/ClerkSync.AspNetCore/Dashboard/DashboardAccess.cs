using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>
/// Who may see the dashboard (issue #13), checked before every page and action, as Hangfire does: with an access
/// token configured, whoever presents it; otherwise whoever the app's authorization policy on the group lets through;
/// with neither, loopback clients only. A remote request without a policy is refused with a 403 that says what to
/// configure, never served.
/// </summary>
internal static class DashboardAccess
{
    /// <summary>The cookie that carries a signed-in token (a derivative of it, never the token itself).</summary>
    public const string CookieName = "ClerkSync.Dashboard";

    /// <summary>Wraps a page or action in the access check.</summary>
    public static RequestDelegate Gate(Func<DashboardRequest, Task> page) => async context =>
    {
        var request = new DashboardRequest(context);
        if (await AllowAsync(request).ConfigureAwait(false))
        {
            await page(request).ConfigureAwait(false);
        }
    };

    /// <summary><c>GET/POST {prefix}/login</c>: the access-token form (only when a token is configured).</summary>
    public static async Task LoginAsync(HttpContext context)
    {
        var request = new DashboardRequest(context);
        if (request.Options.AccessToken is not { Length: > 0 } token)
        {
            request.RedirectTo("/");
            return;
        }

        var failed = false;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (!await request.ValidateCsrfAsync().ConfigureAwait(false))
            {
                return;
            }

            var form = await context.Request.ReadFormAsync(request.Aborted).ConfigureAwait(false);
            if (Matches(form["token"].ToString(), token))
            {
                context.Response.Cookies.Append(CookieName, SessionValue(token), new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = context.Request.IsHttps,
                    Path = request.Base.Length == 0 ? "/" : request.Base,
                });
                request.RedirectTo("/");
                return;
            }

            DashboardLog.AccessRefused(request.Logger, "wrong access token", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            failed = true;
        }

        var main = new Html();
        main.Add($"""
            {(failed ? new Markup("<p class=\"notice\">That is not the access token.</p>") : default)}
            <form method="post" action="{request.Base}/login" class="login">
            {request.CsrfField()}
            <label>Access token (ClerkSync:Dashboard:AccessToken) <input type="password" name="token" autocomplete="current-password" required autofocus></label>
            <button type="submit">Sign in</button>
            </form>
            """);
        await request.WritePageAsync("Sign in", string.Empty, main, failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private static async Task<bool> AllowAsync(DashboardRequest request)
    {
        var context = request.Context;
        if (request.Options.AccessToken is { Length: > 0 } token)
        {
            var bearer = context.Request.Headers.Authorization.ToString();
            if ((bearer.StartsWith("Bearer ", StringComparison.Ordinal) && Matches(bearer["Bearer ".Length..], token))
                || Matches(context.Request.Cookies[CookieName], SessionValue(token)))
            {
                return true;
            }

            if (HttpMethods.IsGet(context.Request.Method))
            {
                request.RedirectTo("/login");
            }
            else
            {
                await request.WriteMessageAsync(StatusCodes.Status401Unauthorized, "Sign in first", "This dashboard needs its access token.").ConfigureAwait(false);
            }

            return false;
        }

        // The app's policy ran already (UseAuthorization) when the group carries authorization metadata.
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            return true;
        }

        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || IPAddress.IsLoopback(remote))
        {
            // No address: an in-process test server, not a network client.
            return true;
        }

        DashboardLog.AccessRefused(request.Logger, "remote client and no authorization policy", remote.ToString());
        await request.WriteMessageAsync(
            StatusCodes.Status403Forbidden,
            "Refused: the dashboard is local-only",
            "The ClerkSync dashboard shows personal data and changes processing, so it answers loopback clients only until the application protects it: app.MapClerkSyncDashboard().RequireAuthorization(\"your-admin-policy\"), or set ClerkSync:Dashboard:AccessToken.").ConfigureAwait(false);
        return false;
    }

    /// <summary>Whether <paramref name="presented"/> equals <paramref name="expected"/>, in constant time.</summary>
    private static bool Matches(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    /// <summary>The cookie value for a token: an HMAC of it, so a stolen cookie does not give the token away.</summary>
    private static string SessionValue(string token) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "clerk-sync dashboard session"u8));
}
