using ClerkSync.Reconciliation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers reconciliation with the Clerk Backend API (issue #16).</summary>
public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IClerkReconciler"/>, the in-process runner the admin endpoint uses, and the scheduled run (off
    /// unless <see cref="ReconcileOptions.Interval"/> is set), and the Backend API client (<c>AddClerkBackendApi</c>:
    /// call it first to set the URL, key and pace in code). Needs ClerkSync's storage. Idempotent.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets options in code, after configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddClerkSyncReconciliation(this IServiceCollection services, Action<ReconcileOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ReconcileOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReconcileOptions>, ReconcileOptionsValidator>());
        services.AddOptions<ReconcileOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddClerkBackendApi();
        services.TryAddSingleton<IClerkReconciler, ClerkReconciler>();
        services.TryAddSingleton<ReconcileRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ReconcileScheduler>());
        return services;
    }
}
