using System.Diagnostics.CodeAnalysis;
using ClerkSync.Mirror.Changes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Mirror change handlers on the ClerkSync builder (issue #16), in the runtime beside <c>AddClerkSync</c>.</summary>
public static class ClerkSyncMirrorChangeBuilderExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> (scoped: one instance per change) to hear about every change of the
    /// mirror tables, from webhooks and from reconciliation, run by the workers at least once. Idempotent.
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder AddMirrorChangeHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IClerkSyncBuilder builder)
        where THandler : class, IClerkMirrorChangeHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IClerkMirrorChangeHandler, THandler>());
        AddMirrorChangeDispatch(builder.Services);
        return builder;
    }

    /// <summary>Adds the dispatcher of the change log to the workers (a host without handlers clears its marks). Idempotent.</summary>
    internal static void AddMirrorChangeDispatch(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MirrorChangeDispatcher>());
}
