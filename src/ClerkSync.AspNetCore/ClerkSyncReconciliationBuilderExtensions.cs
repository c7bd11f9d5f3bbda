using ClerkSync.BackendApi;
using ClerkSync.Reconciliation;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Reconciliation on the ClerkSync builder (issue #16); the work is in <see cref="ReconciliationServiceCollectionExtensions"/>.</summary>
public static class ClerkSyncReconciliationBuilderExtensions
{
    /// <summary>The configuration section of the Backend API client's options: <c>ClerkSync:BackendApi</c>.</summary>
    public const string BackendApiSection = "ClerkSync:BackendApi";

    /// <summary>
    /// Adds reconciliation with the Clerk Backend API: <see cref="IClerkReconciler"/>, the admin endpoint's trigger, and
    /// a scheduled run when <c>ClerkSync:Reconcile:Interval</c> (or <paramref name="configure"/>) sets one; off by default.
    /// The Backend API client's options bind from <c>ClerkSync:BackendApi</c> (<c>BaseUrl</c>, <c>RequestsPerWindow</c>),
    /// its key from <c>CLERK_SECRET_KEY</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets options in code, after the <c>ClerkSync:Reconcile</c> section.</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder AddReconciliation(this IClerkSyncBuilder builder, Action<ReconcileOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ReconcileOptions>().Configure<IServiceProvider>((o, sp) =>
        {
            if (sp.GetService<IConfiguration>() is { } configuration)
            {
                configuration.GetSection(ReconcileOptions.SectionName).Bind(o);
            }
        });
        // The client's URL and pace from ClerkSync:BackendApi too, so that serve's schedule is set by configuration.
        builder.Services.AddOptions<ClerkBackendApiOptions>().Configure<IServiceProvider>((o, sp) =>
        {
            if (sp.GetService<IConfiguration>() is { } configuration)
            {
                configuration.GetSection(BackendApiSection).Bind(o);
            }
        });
        builder.Services.AddClerkSyncReconciliation(configure);
        return builder;
    }
}
