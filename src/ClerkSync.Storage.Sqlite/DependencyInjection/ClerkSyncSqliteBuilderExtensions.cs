using ClerkSync;
using ClerkSync.DependencyInjection;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using ClerkSync.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>SQLite storage for ClerkSync (the embedded default): the inbox and the mirror in one file.</summary>
public static class ClerkSyncSqliteBuilderExtensions
{
    /// <summary>The database file used when no connection string is configured, in the working directory.</summary>
    public const string DefaultDatabase = "clerk-sync.db";

    /// <summary>
    /// Stores the inbox and the mirror in a SQLite file and selects SQLite, whatever
    /// <c>ClerkSync:Storage:Provider</c> says.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="pathOrConnectionString">A file path or a <c>Data Source=...</c> connection string.</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder UseSqlite(this IClerkSyncBuilder builder, string pathOrConnectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        return ClerkSyncStorageRegistry.Select(builder.AddSqliteStorage(), ClerkSyncStorageOptions.Sqlite, pathOrConnectionString);
    }

    /// <summary>
    /// Registers SQLite storage without selecting it: <c>ClerkSync:Storage:Provider=Sqlite</c> (the default) selects
    /// it, with <c>ClerkSync:Storage:ConnectionString</c> (default <see cref="DefaultDatabase"/>). For hosts that let
    /// configuration choose between several storage packages; an app with one calls <see cref="UseSqlite"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder AddSqliteStorage(this IClerkSyncBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The built-in mirror (issue #4) in SQLite's dialect; register a keyed IMirrorProjection first to replace it.
        builder.Services.TryAddKeyedSingleton<IMirrorProjection>(ClerkSyncStorageOptions.Sqlite, (sp, _) => new MirrorProjection(MirrorDialect.Sqlite, sp.GetRequiredService<TimeProvider>()));
        return ClerkSyncStorageRegistry.AddProvider(builder, ClerkSyncStorageOptions.Sqlite, Create);
    }

    private static SqliteClerkSyncStorage Create(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value;
        var mirror = sp.GetKeyedService<IMirrorProjection>(ClerkSyncStorageOptions.Sqlite) ?? sp.GetService<IMirrorProjection>() ?? NullMirrorProjection.Instance;
        var store = new SqliteInboxStore(
            options.Storage.ConnectionString ?? DefaultDatabase,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("ClerkSync.Storage.Sqlite"),
            synchronousFull: !string.Equals(options.Storage.Synchronous, "NORMAL", StringComparison.OrdinalIgnoreCase));
        return new SqliteClerkSyncStorage(store, mirror, options.Storage.OwnsDatabase);
    }
}
