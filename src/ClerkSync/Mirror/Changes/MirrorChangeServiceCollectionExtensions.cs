using System.Diagnostics.CodeAnalysis;
using ClerkSync.Mirror.Changes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers mirror change handlers (issue #16).</summary>
public static class MirrorChangeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> (scoped: one instance per change) to hear about every mirror change,
    /// from webhooks and from reconciliation, at least once. Idempotent.
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddClerkSyncMirrorChangeHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services)
        where THandler : class, IClerkMirrorChangeHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IClerkMirrorChangeHandler, THandler>());
        services.AddClerkSyncMirrorChangeDispatch();
        return services;
    }

    /// <summary>Adds the dispatcher of the change log to the workers (a host without handlers clears its marks). Idempotent.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddClerkSyncMirrorChangeDispatch(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MirrorChangeDispatcher>());
        return services;
    }
}
