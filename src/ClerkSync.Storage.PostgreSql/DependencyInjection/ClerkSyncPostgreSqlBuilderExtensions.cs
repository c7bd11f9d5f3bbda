using ClerkSync;
using ClerkSync.DependencyInjection;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using ClerkSync.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>PostgreSQL storage for ClerkSync (issue #4, scale-out): several instances on one database.</summary>
public static class ClerkSyncPostgreSqlBuilderExtensions
{
    /// <summary>
    /// Stores the inbox and the mirror in PostgreSQL and selects it, whatever <c>ClerkSync:Storage:Provider</c> says:
    /// several instances can share one database; workers claim with <c>FOR UPDATE SKIP LOCKED</c> and wake on
    /// LISTEN/NOTIFY.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=...;Database=...;Username=...;Password=...</c>).</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder UsePostgreSql(this IClerkSyncBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return ClerkSyncStorageRegistry.Select(builder.AddPostgreSqlStorage(), ClerkSyncStorageOptions.PostgreSql, connectionString);
    }

    /// <summary>
    /// Registers PostgreSQL storage without selecting it: <c>ClerkSync:Storage:Provider=PostgreSql</c> with
    /// <c>ClerkSync:Storage:ConnectionString</c> selects it. For hosts that let configuration choose between several
    /// storage packages; an app with one calls <see cref="UsePostgreSql"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder AddPostgreSqlStorage(this IClerkSyncBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // The built-in mirror (issue #4) in PostgreSQL's dialect; register a keyed IMirrorProjection first to replace it.
        services.TryAddKeyedSingleton<IMirrorProjection>(ClerkSyncStorageOptions.PostgreSql, (sp, _) => new MirrorProjection(MirrorDialect.PostgreSql, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(Create);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlInboxListener>());
        return ClerkSyncStorageRegistry.AddProvider(builder, ClerkSyncStorageOptions.PostgreSql, sp => sp.GetRequiredService<PostgreSqlClerkSyncStorage>());
    }

    private static PostgreSqlClerkSyncStorage Create(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value;
        var connectionString = options.Storage.ConnectionString is { Length: > 0 } c
            ? c
            : throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(ClerkSyncOptions), ["ClerkSync:Storage:Provider is 'PostgreSql' but ClerkSync:Storage:ConnectionString is not set: set it to an Npgsql connection string (Host=...;Database=...;Username=...), or call UsePostgreSql(connectionString)."]);
        var mirror = sp.GetKeyedService<IMirrorProjection>(ClerkSyncStorageOptions.PostgreSql) ?? sp.GetService<IMirrorProjection>() ?? NullMirrorProjection.Instance;
        var store = new PostgreSqlInboxStore(PostgreSqlInboxStore.CreateDataSource(connectionString), sp.GetRequiredService<TimeProvider>(), ownsDataSource: true);
        return new PostgreSqlClerkSyncStorage(store, mirror);
    }
}
