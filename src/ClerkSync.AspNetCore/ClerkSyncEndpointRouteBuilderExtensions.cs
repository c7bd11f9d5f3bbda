using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ClerkSync.AspNetCore;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the ClerkSync endpoints: the webhook receiver, the health check and the inbox administration.</summary>
public static class ClerkSyncEndpointRouteBuilderExtensions
{
    /// <summary>The default webhook path.</summary>
    public const string DefaultPattern = "/api/webhooks/clerk";

    /// <summary>
    /// Maps <c>POST {pattern}</c>: verifies each delivery, stores it durably, answers 200 (handlers run later in the
    /// background). The route allows anonymous requests (the signature is the authentication), so it works behind an
    /// app-wide authorization policy.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The path; <c>/api/webhooks/clerk</c> by default.</param>
    /// <returns>The convention builder, to add metadata (rate limiting, host filtering).</returns>
    /// <exception cref="InvalidOperationException"><c>AddClerkSync</c> was not called.</exception>
    public static IEndpointConventionBuilder MapClerkWebhooks(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RequireAddClerkSync(endpoints, nameof(MapClerkWebhooks));
        var endpoint = ActivatorUtilities.CreateInstance<ClerkWebhookEndpoint>(endpoints.ServiceProvider);
        var verifier = endpoints.ServiceProvider.GetRequiredService<ClerkSync.Webhooks.WebhookVerifier>();
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("ClerkSync.AspNetCore");
        Log.EndpointMapped(logger, pattern, string.Join(", ", verifier.SecretFingerprints));
        return endpoints.MapPost(pattern, endpoint.HandleAsync)
            .AllowAnonymous()
            .WithDisplayName("Clerk webhooks (ClerkSync)");
    }

    /// <summary>
    /// Maps <c>GET {pattern}</c> (default <c>/healthz</c>): 200 <c>Healthy</c> or <c>Degraded</c> (the backlog is older
    /// than <c>HealthMaxBacklogAge</c>), 503 <c>Unhealthy</c> (database unreachable or workers stopped), with a JSON body.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The path.</param>
    /// <returns>The convention builder.</returns>
    /// <exception cref="InvalidOperationException"><c>AddClerkSync</c> was not called.</exception>
    public static IEndpointConventionBuilder MapClerkSyncHealth(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/healthz")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RequireAddClerkSync(endpoints, nameof(MapClerkSyncHealth));
        return endpoints.MapHealthChecks(pattern, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ClerkSync.Diagnostics.ClerkSyncHealthCheck.Tag),
            ResponseWriter = ClerkSyncHealthWriter.WriteAsync,
        }).AllowAnonymous();
    }

    /// <summary>
    /// Maps the inbox administration endpoints under <paramref name="prefix"/> (default <c>/clerk-sync</c>), the HTTP
    /// twin of <c>clerk-sync events</c>: <c>GET events</c> (<c>status</c>, <c>type</c>, <c>since</c>, <c>limit</c>),
    /// <c>GET events/{svixId}</c> (<c>body=true</c> to include the payload), <c>POST events/{svixId}/replay</c> and
    /// <c>POST replay</c> (<c>since</c>, <c>type</c>, <c>status</c>, or <c>all=true</c>). They read payloads, which hold
    /// personal data, and change processing, so the group requires an authenticated user (the default policy); chain
    /// <c>.RequireAuthorization("your-admin-policy")</c> to narrow it further.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="prefix">The path prefix.</param>
    /// <returns>The group, to add authorization policies and other metadata.</returns>
    /// <exception cref="InvalidOperationException"><c>AddClerkSync</c> was not called.</exception>
    public static RouteGroupBuilder MapClerkSyncAdmin(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix = "/clerk-sync")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RequireAddClerkSync(endpoints, nameof(MapClerkSyncAdmin));
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/events", (RequestDelegate)ClerkSyncAdminEndpoints.ListAsync).WithDisplayName("ClerkSync: list deliveries");
        group.MapGet("/events/{svixId}", (RequestDelegate)ClerkSyncAdminEndpoints.ShowAsync).WithDisplayName("ClerkSync: show a delivery");
        group.MapPost("/events/{svixId}/replay", (RequestDelegate)ClerkSyncAdminEndpoints.ReplayOneAsync).WithDisplayName("ClerkSync: replay a delivery");
        group.MapPost("/replay", (RequestDelegate)ClerkSyncAdminEndpoints.ReplayAsync).WithDisplayName("ClerkSync: replay deliveries");
        group.RequireAuthorization();
        return group;
    }

    private static void RequireAddClerkSync(IEndpointRouteBuilder endpoints, string method)
    {
        if (endpoints.ServiceProvider.GetService<ClerkSyncMarker>() is null)
        {
            throw new InvalidOperationException(
                $"{method} needs ClerkSync's services: call builder.Services.AddClerkSync() before building the app.");
        }
    }
}
