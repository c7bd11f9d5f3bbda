using System.Diagnostics.CodeAnalysis;
using ClerkSync.EntityFrameworkCore;
using ClerkSync.EntityFrameworkCore.Transactions;
using ClerkSync.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Transactional handlers over EF Core (issue #11).</summary>
public static class ClerkSyncEntityFrameworkCoreExtensions
{
    /// <summary>
    /// Makes handlers that take <typeparamref name="TContext"/> transactional: the changes they track on it are saved by
    /// ClerkSync in the transaction that marks the delivery done and applies the mirror, so they commit exactly once with
    /// the delivery, or not at all (a throw, a crash, a lost lease). Handlers must not call SaveChanges themselves.
    /// Also refuses writes to the mirror entities through <typeparamref name="TContext"/>.
    /// </summary>
    /// <typeparam name="TContext">The application's context, registered with <c>AddDbContext&lt;TContext&gt;</c> on the inbox's database.</typeparam>
    /// <param name="builder">The ClerkSync builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// When <typeparamref name="TContext"/> points at another database than the inbox, a warning says so at start-up and
    /// the changes are saved after the handlers, before the done mark: at least once (docs/efcore.md).
    /// </remarks>
    public static IClerkSyncBuilder UseEntityFrameworkCore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties)] TContext>(this IClerkSyncBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(DeliveryRegistration<TContext>)))
        {
            return builder;
        }

        services.AddSingleton(new DeliveryRegistration<TContext>(services));
        services.AddSingleton<DeliveryDatabase<TContext>>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DeliveryDatabase<TContext>>(sp => sp.GetRequiredService<DeliveryDatabase<TContext>>()));
        services.AddScoped<DeliveryDbContext<TContext>>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IDeliveryTransactionParticipant, DeliveryDbContext<TContext>>(sp => sp.GetRequiredService<DeliveryDbContext<TContext>>().EnterDelivery()));
        services.ConfigureDbContext<TContext>((sp, options) =>
            options.AddInterceptors(ClerkMirrorWriteGuard.Instance, sp.GetRequiredService<DeliveryDbContext<TContext>>().ContextCreated()));
        return builder;
    }

    /// <summary>
    /// Refuses SaveChanges when a Clerk mirror entity is added, modified or deleted, with an
    /// <see cref="InvalidOperationException"/> that says why. <c>UseEntityFrameworkCore&lt;TContext&gt;()</c> does this for
    /// its context; call it for other contexts that map the mirror.
    /// </summary>
    /// <param name="options">The context's options.</param>
    /// <returns>The options.</returns>
    public static DbContextOptionsBuilder UseClerkMirrorReadOnly(this DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddInterceptors(ClerkMirrorWriteGuard.Instance);
    }
}
