using System.Diagnostics.CodeAnalysis;
using ClerkSync.AspNetCore.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The ClerkSync dashboard (issue #13): <c>AddDashboard()</c> on the ClerkSync builder, <c>MapClerkSyncDashboard()</c> on the app.</summary>
public static class ClerkSyncDashboardExtensions
{
    /// <summary>The default path prefix.</summary>
    public const string DefaultPrefix = "/clerk-sync";

    /// <summary>
    /// Adds the dashboard's services: options from <c>ClerkSync:Dashboard</c>, antiforgery for its forms, and the
    /// per-minute activity it charts (counted in this process from the <c>ClerkSync</c> meter). Idempotent.
    /// </summary>
    /// <param name="builder">The ClerkSync builder.</param>
    /// <param name="configure">Sets options in code, after configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder AddDashboard(this IClerkSyncBuilder builder, Action<ClerkSyncDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var first = !services.Any(d => d.ServiceType == typeof(DashboardActivity));
        var options = services.AddOptionsWithValidateOnStart<ClerkSyncDashboardOptions, ClerkSyncDashboardOptionsValidator>();
        if (first)
        {
            options.Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(ClerkSyncDashboardOptions.SectionName).Bind(o));
            services.AddAntiforgery();
            services.AddSingleton<DashboardActivity>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DashboardActivity>());
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder;
    }

    /// <summary>
    /// Maps the dashboard under <paramref name="prefix"/>: Deliveries at <c>{prefix}/</c>, Delivery, Failures,
    /// Overview and Mirror pages, their form posts (replay, reveal, purge; antiforgery-checked) and embedded assets.
    /// It shows payloads and changes processing, so it is refused to remote (non-loopback) clients unless the app
    /// protects it: chain <c>.RequireAuthorization("your-admin-policy")</c> (or configure
    /// <c>ClerkSync:Dashboard:AccessToken</c>). It uses only paths that <c>MapClerkSyncAdmin</c> does not
    /// (<c>events</c>, <c>replay</c>), so both can share one prefix.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="prefix">The path prefix.</param>
    /// <returns>The group, to add authorization policies and other metadata.</returns>
    /// <exception cref="InvalidOperationException"><c>AddDashboard()</c> was not called.</exception>
    public static RouteGroupBuilder MapClerkSyncDashboard(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<DashboardActivity>() is null)
        {
            throw new InvalidOperationException(
                "MapClerkSyncDashboard needs the dashboard's services: call builder.Services.AddClerkSync().AddDashboard() before building the app.");
        }

        var group = endpoints.MapGroup(prefix);
        group.WithMetadata(new DashboardPrefix(prefix));
        Map(group, "GET", "/", DashboardPages.DeliveriesAsync, "deliveries");
        Map(group, "GET", "/api/deliveries", DashboardPages.DeliveryRowsAsync, "live delivery rows");
        Map(group, "GET", "/deliveries/{svixId}", DashboardPages.DeliveryAsync, "delivery");
        Map(group, "POST", "/deliveries/{svixId}/replay", DashboardActions.ReplayAsync, "replay a delivery");
        Map(group, "POST", "/deliveries/{svixId}/reveal", DashboardActions.RevealAsync, "reveal personal data");
        Map(group, "GET", "/failures", DashboardPages.FailuresAsync, "failures");
        Map(group, "GET", "/failures/confirm", DashboardPages.ConfirmGroupAsync, "confirm a group action");
        Map(group, "POST", "/failures/replay", DashboardActions.ReplayGroupAsync, "replay a failure group");
        Map(group, "POST", "/failures/purge", DashboardActions.PurgeGroupAsync, "purge a failure group");
        Map(group, "GET", "/overview", DashboardPages.OverviewAsync, "overview");
        Map(group, "GET", "/mirror", DashboardPages.MirrorAsync, "mirror");
        Map(group, "POST", "/mirror/reveal", DashboardActions.RevealMirrorAsync, "reveal a mirror row");

        // Assets and the sign-in form are served before the gate: they hold nothing private.
        group.MapGet("/assets/{name}", DashboardAssets.ServeAsync).WithDisplayName("ClerkSync dashboard: assets");
        group.MapMethods("/login", ["GET", "POST"], DashboardAccess.LoginAsync).WithDisplayName("ClerkSync dashboard: sign in");
        return group;
    }

    private static void Map(RouteGroupBuilder group, string method, string pattern, Func<DashboardRequest, Task> page, string name) =>
        group.MapMethods(pattern, [method], DashboardAccess.Gate(page)).WithDisplayName("ClerkSync dashboard: " + name);
}
