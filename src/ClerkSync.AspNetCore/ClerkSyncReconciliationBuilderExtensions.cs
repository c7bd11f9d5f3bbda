using ClerkSync.Reconciliation;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Reconciliation on the ClerkSync builder (issue #16); the work is in <see cref="ReconciliationServiceCollectionExtensions"/>.</summary>
public static class ClerkSyncReconciliationBuilderExtensions
{
    /// <summary>
    /// Adds reconciliation with the Clerk Backend API: <see cref="IClerkReconciler"/>, the admin endpoint's trigger, and
    /// a scheduled run when <c>ClerkSync:Reconcile:Interval</c> (or <paramref name="configure"/>) sets one; off by default.
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
        builder.Services.AddClerkSyncReconciliation(configure);
        return builder;
    }
}
