using System.Diagnostics.CodeAnalysis;
using ClerkSync;
using ClerkSync.Alerts;
using ClerkSync.DependencyInjection;
using ClerkSync.Diagnostics;
using ClerkSync.Handlers;
using ClerkSync.Inbox;
using ClerkSync.Storage;
using ClerkSync.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers ClerkSync (issues #3, #14): options, the workers, metrics and health, in any host (a web app or a plain
/// worker). The storage comes from a storage package: <c>UseSqlite()</c> (ClerkSync.Storage.Sqlite) or
/// <c>UsePostgreSql()</c> (ClerkSync.Storage.PostgreSql); the endpoints from ClerkSync.AspNetCore.
/// </summary>
public static class ClerkSyncServiceCollectionExtensions
{
    /// <summary>
    /// Adds ClerkSync with options bound from the <c>ClerkSync</c> configuration section and the signing secret from
    /// <c>CLERK_WEBHOOK_SIGNING_SECRET</c> (or <c>CLERK_WEBHOOK_SECRET</c>). Idempotent.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder for handlers and storage.</returns>
    public static IClerkSyncBuilder AddClerkSync(this IServiceCollection services) => services.AddClerkSync((Action<ClerkSyncOptions>?)null);

    /// <summary>Adds ClerkSync, then applies <paramref name="configure"/> over the configuration-bound options.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets options in code; runs after the <c>ClerkSync</c> section is bound.</param>
    /// <returns>A builder for handlers and storage.</returns>
    public static IClerkSyncBuilder AddClerkSync(this IServiceCollection services, Action<ClerkSyncOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = AddCore(services, section: null);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Adds ClerkSync with options bound from <paramref name="section"/> instead of <c>ClerkSync</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section holding <see cref="ClerkSyncOptions"/>.</param>
    /// <returns>A builder for handlers and storage.</returns>
    public static IClerkSyncBuilder AddClerkSync(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        return AddCore(services, section);
    }

    /// <summary>
    /// Registers a handler for every <see cref="IClerkEventHandler{TEvent}"/> it implements (scoped: one instance per
    /// delivery). For trimmed or native AOT apps prefer <see cref="AddHandler{TEvent, THandler}(IClerkSyncBuilder)"/>.
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="THandler"/> implements no <see cref="IClerkEventHandler{TEvent}"/>.</exception>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The binding is instantiated over reference types (events), whose shared canonical code always exists.")]
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "ClerkEventHandlerBinding<> is referenced statically below and has no trimmed members.")]
    public static IClerkSyncBuilder AddHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.Interfaces)] THandler>(this IClerkSyncBuilder builder)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var found = false;
        foreach (var contract in typeof(THandler).GetInterfaces())
        {
            if (!contract.IsGenericType || contract.GetGenericTypeDefinition() != typeof(IClerkEventHandler<>))
            {
                continue;
            }

            found = true;
            var eventType = contract.GetGenericArguments()[0];
            builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped(contract, typeof(THandler)));
            var binding = (IClerkEventHandlerBinding)Activator.CreateInstance(typeof(ClerkEventHandlerBinding<>).MakeGenericType(eventType))!;
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IClerkEventHandlerBinding), binding));
        }

        return found
            ? builder
            : throw new ArgumentException($"{typeof(THandler).Name} implements no IClerkEventHandler<TEvent>: implement IClerkEventHandler<UserCreatedEvent> (or of ClerkEvent for every event).", nameof(THandler));
    }

    /// <summary>Registers <typeparamref name="THandler"/> as the handler of <typeparamref name="TEvent"/> (scoped). Trimming- and AOT-safe.</summary>
    /// <typeparam name="TEvent">The event type; <c>ClerkEvent</c> receives every event.</typeparam>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder AddHandler<TEvent, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IClerkSyncBuilder builder)
        where TEvent : ClerkEvent
        where THandler : class, IClerkEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IClerkEventHandler<TEvent>, THandler>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IClerkEventHandlerBinding, ClerkEventHandlerBinding<TEvent>>());
        return builder;
    }

    private static ClerkSyncBuilder AddCore(IServiceCollection services, IConfiguration? section)
    {
        var builder = new ClerkSyncBuilder(services);
        var optionsBuilder = services.AddOptionsWithValidateOnStart<ClerkSyncOptions, ClerkSyncOptionsValidator>();
        if (section is not null)
        {
            optionsBuilder.Bind(section);
        }

        if (services.Any(d => d.ServiceType == typeof(ClerkSyncMarker)))
        {
            return builder;
        }

        services.AddSingleton<ClerkSyncMarker>();
        if (section is null)
        {
            optionsBuilder.Configure<IServiceProvider>((o, sp) =>
            {
                if (sp.GetService<IConfiguration>() is { } configuration)
                {
                    configuration.GetSection(ClerkSyncOptions.SectionName).Bind(o);
                }
            });
        }

        // Clerk's variable names, used only when no secret is configured under ClerkSync:Secrets or in code.
        optionsBuilder.PostConfigure<IServiceProvider>((o, sp) =>
        {
            if (o.Secrets.Count == 0 && ClerkSyncSecrets.FromEnvironment(sp.GetService<IConfiguration>()) is { } found)
            {
                o.SecretsVariable = found.Variable;
                foreach (var secret in SigningSecretVariables.Split(found.Value))
                {
                    o.Secrets.Add(secret);
                }
            }
        });

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InboxSignal>();
        services.TryAddSingleton<WorkerHeartbeat>();
        services.TryAddSingleton<StorageHealth>();
        services.TryAddSingleton<InboxStatsSnapshot>();
        services.TryAddSingleton(sp => new ClerkSyncMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<InboxStatsSnapshot>()));
        services.TryAddSingleton<ClerkEventDispatcher>();
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value;
            return new WebhookVerifier(o.Secrets, o.Tolerance, sp.GetRequiredService<TimeProvider>());
        });

        // Storage: each storage package registers its provider by name; ClerkSync:Storage:Provider picks one.
        ClerkSyncStorageRegistry.AddSelection(services);

        // The monitor creates the schema before the workers claim and before Kestrel accepts a request.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InboxMonitor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InboxWorker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InboxRetention>());
        ClerkSyncMirrorChangeBuilderExtensions.AddMirrorChangeDispatch(services);
        services.AddHealthChecks().AddCheck<ClerkSyncHealthCheck>("clerksync", tags: [ClerkSyncHealthCheck.Tag]);
        services.AddClerkSyncAlerts();
        return builder;
    }
}

/// <summary>Marks that AddClerkSync ran (MapClerkWebhooks checks it; a second AddClerkSync adds nothing twice).</summary>
internal sealed class ClerkSyncMarker;
