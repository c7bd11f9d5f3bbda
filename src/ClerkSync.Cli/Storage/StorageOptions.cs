using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Cli.Storage;

/// <summary>
/// Where a command's storage is (issue #14): the one definition of the storage flags, configuration keys and
/// environment names, and of how they combine, for <c>serve</c> and every command that opens the database. Rising
/// precedence: the <c>ClerkSync:Storage</c> section of appsettings.json in the working directory, the environment
/// (<c>ClerkSync__Storage__Provider</c>, <c>ClerkSync__Storage__ConnectionString</c>), then the flags. Nothing set
/// means SQLite in <see cref="ClerkSyncSqliteBuilderExtensions.DefaultDatabase"/>.
/// </summary>
internal sealed class StorageOptions
{
    /// <summary>The configuration key of the provider name (environment <c>ClerkSync__Storage__Provider</c>).</summary>
    public const string ProviderKey = $"{ClerkSyncOptions.SectionName}:Storage:{nameof(ClerkSyncStorageOptions.Provider)}";

    /// <summary>The configuration key of the connection string (environment <c>ClerkSync__Storage__ConnectionString</c>).</summary>
    public const string ConnectionStringKey = $"{ClerkSyncOptions.SectionName}:Storage:{nameof(ClerkSyncStorageOptions.ConnectionString)}";

    /// <summary>The configuration key of SQLite's durability setting (environment <c>ClerkSync__Storage__Synchronous</c>).</summary>
    public const string SynchronousKey = $"{ClerkSyncOptions.SectionName}:Storage:{nameof(ClerkSyncStorageOptions.Synchronous)}";

    private static readonly string[] Providers = [ClerkSyncStorageOptions.Sqlite, ClerkSyncStorageOptions.PostgreSql];

    /// <summary>Adds <c>--db</c>, <c>--provider</c> and <c>--connection</c> to <paramref name="command"/>.</summary>
    public StorageOptions(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Database);
        command.Options.Add(Provider);
        command.Options.Add(Connection);
    }

    /// <summary>Gets <c>--db</c>: a SQLite file, which selects SQLite.</summary>
    public Option<string?> Database { get; } = CliOptions.Database();

    /// <summary>Gets <c>--provider</c>.</summary>
    public Option<string?> Provider { get; } = new Option<string?>("--provider")
    {
        Description = $"The storage: {string.Join(" or ", Providers)} (default: {ProviderKey} from appsettings.json or {EnvironmentName(ProviderKey)}, else {ClerkSyncStorageOptions.Sqlite}).",
    }.AcceptOnlyFromAmong(Providers);

    /// <summary>Gets <c>--connection</c>.</summary>
    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = $"The connection string (default: {ConnectionStringKey} from appsettings.json or {EnvironmentName(ConnectionStringKey)}); for PostgreSQL \"Host=...;Database=...;Username=...\".",
        HelpName = "connection string",
    };

    /// <summary>The environment variable that sets configuration key <paramref name="key"/> (<c>:</c> written <c>__</c>).</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>
    /// Combines the flags of <paramref name="parseResult"/> with <paramref name="configuration"/>: the provider (one of
    /// the registered names) and its connection string, a SQLite path made absolute against
    /// <paramref name="workingDirectory"/>. The error says what to fix.
    /// </summary>
    public StorageSelection Resolve(ParseResult parseResult, IConfiguration configuration, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(configuration);
        var db = parseResult.GetValue(Database);
        var named = parseResult.GetValue(Provider) ?? (db is null ? configuration[ProviderKey] : null) ?? ClerkSyncStorageOptions.Sqlite;
        var provider = Array.Find(Providers, p => string.Equals(p, named, StringComparison.OrdinalIgnoreCase));
        if (provider is null)
        {
            return StorageSelection.Failed($"{ProviderKey} is '{named}': use {string.Join(" or ", Providers)}.");
        }

        if (db is not null && provider != ClerkSyncStorageOptions.Sqlite)
        {
            return StorageSelection.Failed($"--db names a SQLite file; for {provider} pass --connection \"Host=...;Database=...\" instead.");
        }

        var connection = db ?? parseResult.GetValue(Connection) ?? configuration[ConnectionStringKey];
        var options = new ClerkSyncStorageOptions { Provider = provider, Synchronous = configuration[SynchronousKey] ?? "FULL" };
        if (provider == ClerkSyncStorageOptions.Sqlite)
        {
            var file = SqliteFile(string.IsNullOrWhiteSpace(connection) ? ClerkSyncSqliteBuilderExtensions.DefaultDatabase : connection, workingDirectory, out var connectionString);
            options.ConnectionString = connectionString;
            return new StorageSelection(options, file, null);
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            return StorageSelection.Failed(
                $"{provider} needs a connection string: set {EnvironmentName(ConnectionStringKey)} (or {ConnectionStringKey} in appsettings.json), or pass --connection \"Host=...;Database=...;Username=...\".");
        }

        options.ConnectionString = connection;
        return new StorageSelection(options, null, null);
    }

    /// <summary>The absolute file of a SQLite path or <c>Data Source=...</c> connection string, and the string naming it.</summary>
    private static string SqliteFile(string pathOrConnectionString, string workingDirectory, out string connectionString)
    {
        if (!pathOrConnectionString.Contains('=', StringComparison.Ordinal))
        {
            connectionString = Path.GetFullPath(pathOrConnectionString, workingDirectory);
            return connectionString;
        }

        var builder = new SqliteConnectionStringBuilder(pathOrConnectionString);
        builder.DataSource = Path.GetFullPath(builder.DataSource, workingDirectory);
        connectionString = builder.ConnectionString;
        return builder.DataSource;
    }
}

/// <summary>What <see cref="StorageOptions.Resolve"/> found: the storage to open, or why not.</summary>
/// <param name="Options">The provider and connection string, when <paramref name="Error"/> is null.</param>
/// <param name="SqliteFile">The database file, for SQLite.</param>
/// <param name="Error">What to fix.</param>
internal sealed record StorageSelection(ClerkSyncStorageOptions? Options, string? SqliteFile, string? Error)
{
    public static StorageSelection Failed(string error) => new(null, null, error);
}
