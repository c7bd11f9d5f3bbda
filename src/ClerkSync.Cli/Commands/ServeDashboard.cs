using System.Net;
using ClerkSync.AspNetCore.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// The dashboard in <c>clerk-sync serve</c> (issue #13), at <c>/clerk-sync/</c>. serve has no user sign-in, so: on
/// loopback addresses only, it is served without one (the dashboard itself refuses remote clients); on any other
/// address, only with <c>ClerkSync:Dashboard:AccessToken</c> configured, which every page then asks for.
/// </summary>
internal sealed class ServeDashboard
{
    public const string Prefix = "/clerk-sync";

    private readonly string? _refusal;
    private readonly bool _token;

    private ServeDashboard(string? refusal, bool token)
    {
        _refusal = refusal;
        _token = token;
    }

    /// <summary>Maps the dashboard when <paramref name="urls"/> allow it with the configured options.</summary>
    public static ServeDashboard Map(WebApplication app, string urls)
    {
        var token = app.Services.GetRequiredService<IOptions<ClerkSyncDashboardOptions>>().Value.AccessToken is { Length: > 0 };
        if (!token && !IsLoopbackOnly(urls))
        {
            return new ServeDashboard($"off: serve listens beyond loopback ({urls}); set ClerkSync:Dashboard:AccessToken to serve it there", token);
        }

        app.MapClerkSyncDashboard(Prefix);
        return new ServeDashboard(null, token);
    }

    /// <summary>Whether every address in <paramref name="urls"/> (semicolon-separated) is a loopback one.</summary>
    public static bool IsLoopbackOnly(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(url =>
        {
            var host = BindingAddress.Parse(url).Host;
            return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        });

    /// <summary>The banner line: where the dashboard is and who can open it, or why it is off.</summary>
    public string Describe(string baseUrl) =>
        _refusal ?? $"{baseUrl.TrimEnd('/')}{Prefix}/ {(_token ? "(asks for ClerkSync:Dashboard:AccessToken)" : "(loopback only, no sign-in)")}";
}
