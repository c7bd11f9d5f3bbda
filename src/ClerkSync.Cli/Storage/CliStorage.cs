using System.CommandLine;
using System.Data.Common;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using ClerkSync.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClerkSync.Cli.Storage;

/// <summary>
/// How <c>clerk-sync</c> opens storage (issue #14): the way a host does, through <c>AddClerkSync()</c> and the storage
/// packages' registrations, never by constructing a provider's type. <c>serve</c> calls <see cref="AddCliStorage"/>;
/// every other command makes one call, <see cref="OpenAsync"/>.
/// </summary>
internal static class CliStorage
{
    /// <summary>Registers every storage the tool ships, unselected: the configuration picks one (<see cref="StorageOptions"/>).</summary>
    public static IClerkSyncBuilder AddCliStorage(this IClerkSyncBuilder builder) => builder.AddSqliteStorage().AddPostgreSqlStorage();

    /// <summary>
    /// The configuration a command reads, as <c>serve</c>'s host does: appsettings.json and
    /// appsettings.{environment}.json in the working directory, then the environment (keys are read one by one:
    /// <c>ClerkSync__Storage__Provider</c> for <c>ClerkSync:Storage:Provider</c>).
    /// </summary>
    public static IConfiguration Configuration(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var environment = context.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? context.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(context.WorkingDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange: false)
            .Add(new EnvironmentSource(context))
            .Build();
    }

    /// <summary>
    /// Opens the storage <paramref name="options"/> and the configuration select, creating or migrating its schema
    /// (the version table refuses a database from a newer ClerkSync). On a problem, writes one line saying what to fix
    /// to the command's error output and returns null: exit with <see cref="ExitCode.UsageError"/>.
    /// </summary>
    public static async Task<OpenedStorage?> OpenAsync(this StorageOptions options, ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        var error = parseResult.InvocationConfiguration.Error;
        var selection = options.Resolve(parseResult, Configuration(context), context.WorkingDirectory);
        if (selection.Options is not { } storageOptions)
        {
            await error.WriteLineAsync(selection.Error).ConfigureAwait(false);
            return null;
        }

        if (selection.SqliteFile is { } file && !File.Exists(file))
        {
            await error.WriteLineAsync($"No database at {file}. Run `clerk-sync serve` there first, or pass --db <file>.").ConfigureAwait(false);
            return null;
        }

        // Storage only: the signing secrets are validated by hosts that receive webhooks, not needed to read the inbox.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(context.Time);
        storageOptions.OwnsDatabase = false; // beside a running serve: no instance lock
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new ClerkSyncOptions { Storage = storageOptions }));
        services.AddClerkSync().AddCliStorage();
        var provider = services.BuildServiceProvider();
        try
        {
            var storage = provider.GetRequiredService<IClerkSyncStorage>();
            await storage.Inbox.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return new OpenedStorage(storage, provider);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException or UnauthorizedAccessException or OptionsValidationException or ClerkSync.Storage.StorageUnavailableException)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            await error.WriteLineAsync($"Could not open the {storageOptions.Provider} storage{(selection.SqliteFile is null ? string.Empty : " " + selection.SqliteFile)}: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Configuration keys read from the context's environment, <c>:</c> written <c>__</c>.</summary>
    private sealed class EnvironmentSource(CliContext context) : ConfigurationProvider, IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        public override bool TryGet(string key, out string? value)
        {
            value = context.GetEnvironmentVariable(StorageOptions.EnvironmentName(key)) ?? context.GetEnvironmentVariable(key);
            return value is not null;
        }
    }
}

/// <summary>An open storage for one command; disposing it closes the database.</summary>
internal sealed class OpenedStorage(IClerkSyncStorage storage, ServiceProvider services) : IClerkSyncStorage, IAsyncDisposable
{
    /// <inheritdoc/>
    public string Provider => storage.Provider;

    /// <inheritdoc/>
    public IInboxStore Inbox => storage.Inbox;

    /// <inheritdoc/>
    public IMirrorProjection Mirror => storage.Mirror;

    /// <inheritdoc/>
    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => storage.PingAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) => storage.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => services.DisposeAsync();
}
