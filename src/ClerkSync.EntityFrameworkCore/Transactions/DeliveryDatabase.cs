using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.EntityFrameworkCore.Transactions;

/// <summary>Whether <c>TContext</c> and the inbox are one database, and how each is named in logs (never a connection string).</summary>
/// <param name="SameDatabase">True when the context's changes can commit in the inbox's transaction.</param>
/// <param name="Context">The context's database: a file path, or <c>tcp://host:port/database</c>.</param>
/// <param name="Inbox">The inbox's database, named the same way.</param>
internal sealed record DeliveryTarget(bool SameDatabase, string Context, string Inbox);

/// <summary>
/// Decides once (at start-up, or at the first delivery if that comes first) whether <typeparamref name="TContext"/>
/// points at the inbox's database. When it does not, the handlers' changes are saved on the context's own connection
/// after the handlers and before the done mark (at least once, like a plain handler), and a warning says so at start-up.
/// </summary>
internal sealed class DeliveryDatabase<TContext> : IHostedService
    where TContext : DbContext
{
    private readonly Lazy<DeliveryTarget> _target;
    private readonly ILogger _logger;

    public DeliveryDatabase(IServiceScopeFactory scopes, IOptions<ClerkSyncOptions> options, DeliveryRegistration<TContext> registration, ILogger<DeliveryDatabase<TContext>> logger)
    {
        _logger = logger;
        _target = new(() => Resolve(scopes, options.Value.Storage, registration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets the decision, computing it on first use.</summary>
    public DeliveryTarget Target => _target.Value;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var target = Target;
        if (target.SameDatabase)
        {
            Log.TransactionalHandlers(_logger, typeof(TContext).Name, target.Inbox);
        }
        else
        {
            Log.OtherDatabase(_logger, typeof(TContext).Name, target.Context, target.Inbox);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static DeliveryTarget Resolve(IServiceScopeFactory scopes, ClerkSyncStorageOptions storage, DeliveryRegistration<TContext> registration)
    {
        registration.Validate();
        using var scope = scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var connection = context.Database.GetDbConnection();
        var provider = context.Database.ProviderName ?? string.Empty;
        var sqlite = provider.EndsWith(".Sqlite", StringComparison.Ordinal);
        var contextName = Name(connection, sqlite);

        // The inbox's connection string read by the context's own ADO.NET provider, so both are parsed the same way.
        var inboxIsSqlite = string.Equals(storage.Provider, ClerkSyncStorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
        var inboxConnectionString = storage.ConnectionString ?? "clerk-sync.db";
        if (inboxIsSqlite != sqlite)
        {
            return new(false, $"{contextName} ({provider})", $"{(inboxIsSqlite ? Path.GetFullPath(SqlitePath(inboxConnectionString)) : "PostgreSQL")} ({storage.Provider})");
        }

        using var inbox = DbProviderFactories.GetFactory(connection)!.CreateConnection()!;
        inbox.ConnectionString = sqlite && !inboxConnectionString.Contains('=', StringComparison.Ordinal) ? "Data Source=" + inboxConnectionString : inboxConnectionString;
        var inboxName = Name(inbox, sqlite);
        return new(string.Equals(contextName, inboxName, sqlite ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase), contextName, inboxName);
    }

    private static string Name(DbConnection connection, bool sqlite) =>
        sqlite ? Path.GetFullPath(connection.DataSource) : $"{connection.DataSource.TrimEnd('/')}/{connection.Database}";

    private static string SqlitePath(string pathOrConnectionString) =>
        pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new DbConnectionStringBuilder { ConnectionString = pathOrConnectionString }.TryGetValue("Data Source", out var source) ? source.ToString()! : pathOrConnectionString
            : pathOrConnectionString;
}

/// <summary>What <c>UseEntityFrameworkCore&lt;TContext&gt;()</c> needs of the application's registration of the context.</summary>
/// <param name="services">The application's services, read at start-up when they are complete.</param>
internal sealed class DeliveryRegistration<TContext>(IServiceCollection services)
    where TContext : DbContext
{
    /// <summary>Throws when the context is not registered per scope with per-scope options (AddDbContext).</summary>
    public void Validate()
    {
        var context = services.LastOrDefault(d => d.ServiceType == typeof(TContext));
        var options = services.LastOrDefault(d => d.ServiceType == typeof(DbContextOptions<TContext>));
        if (context?.Lifetime != ServiceLifetime.Scoped || options?.Lifetime != ServiceLifetime.Scoped)
        {
            throw new InvalidOperationException(
                $"UseEntityFrameworkCore<{typeof(TContext).Name}>() needs {typeof(TContext).Name} registered with AddDbContext<{typeof(TContext).Name}>(...) " +
                "(a context and options per scope, the default): each delivery gets its own context, saved in the delivery's transaction. Pooled contexts " +
                "(AddDbContextPool) and singleton options are not supported for transactional handlers.");
        }
    }
}
