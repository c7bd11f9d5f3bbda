using ClerkSync.BackendApi;
using ClerkSync.Reconciliation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Reconciliation with the Clerk Backend API on the ClerkSync builder (issue #16). It lives in the runtime, beside
/// <c>AddClerkSync</c>, so that any host (a worker, the CLI, ASP.NET Core) composes it the same way.
/// </summary>
public static class ClerkSyncReconciliationBuilderExtensions
{
    /// <summary>The configuration section of the Backend API client's options: <c>ClerkSync:BackendApi</c>.</summary>
    public const string BackendApiSection = "ClerkSync:BackendApi";

    /// <summary>
    /// Adds reconciliation with the Clerk Backend API: <see cref="IClerkReconciler"/>, the in-process runner the admin
    /// endpoint uses, and a scheduled run when <c>ClerkSync:Reconcile:Interval</c> (or <paramref name="configure"/>) sets
    /// one; off by default. The Backend API client's options bind from <c>ClerkSync:BackendApi</c> (<c>BaseUrl</c>,
    /// <c>RequestsPerWindow</c>), its key from <c>CLERK_SECRET_KEY</c>; call <c>AddClerkBackendApi</c> first to set them
    /// in code. Needs ClerkSync's storage. Idempotent.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets options in code, after the <c>ClerkSync:Reconcile</c> section.</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder AddReconciliation(this IClerkSyncBuilder builder, Action<ReconcileOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ReconcileOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(ReconcileOptions.SectionName).Bind(o))
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        // The client's URL and pace from ClerkSync:BackendApi too, so that serve's schedule is set by configuration.
        services.AddOptions<ClerkBackendApiOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(BackendApiSection).Bind(o));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReconcileOptions>, ReconcileOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddClerkBackendApi();
        services.TryAddSingleton<IClerkReconciler, ClerkReconciler>();
        services.TryAddSingleton<ReconcileRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ReconcileScheduler>());
        return builder;
    }
}
