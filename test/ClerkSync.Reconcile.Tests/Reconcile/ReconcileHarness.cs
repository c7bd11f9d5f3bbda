using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClerkSync.BackendApi;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using ClerkSync.Reconciliation;
using ClerkSync.Storage;
using ClerkSync.TestKit;
using ClerkSync.TestKit.ClerkApi;
using ClerkSync.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Reconcile.Tests.Reconcile;

/// <summary>
/// A stand-in Clerk and a real database (a SQLite file or a fresh PostgreSQL database) with ClerkSync composed the way
/// an app composes it (<c>AddClerkSync().AddReconciliation()</c>, <c>AddClerkBackendApi</c>) at a fast test pace.
/// Webhooks are applied through the storage's own write path, as the workers apply them.
/// </summary>
internal sealed class ReconcileHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ReconcileHarness(ClerkApiStandIn standIn, ServiceProvider services, string connectionString)
    {
        StandIn = standIn;
        _services = services;
        ConnectionString = connectionString;
        Storage = services.GetRequiredService<IClerkSyncStorage>();
        Database = (IMirrorDatabase)Storage;
        Reconciler = services.GetRequiredService<IClerkReconciler>();
    }

    public ClerkApiStandIn StandIn { get; }

    public ClerkApiState State => StandIn.State;

    public IClerkSyncStorage Storage { get; }

    public IMirrorDatabase Database { get; }

    public IClerkReconciler Reconciler { get; }

    public string ConnectionString { get; }

    public MirrorDialect Dialect => Database.Dialect;

    public static async Task<ReconcileHarness> StartAsync(MirrorDialect dialect, string name, Action<ClerkBackendApiOptions>? api = null)
    {
        var standIn = await ClerkApiStandIn.StartAsync();
        var connectionString = dialect == MirrorDialect.Sqlite
            ? Path.Combine(Directory.CreateTempSubdirectory("clerk-sync-reconcile-").FullName, name + ".db")
            : await PostgresServer.CreateDatabaseAsync(name);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddClerkSync(o =>
        {
            o.Secrets.Add(WebhookSecret.Generate());
            o.Storage.Provider = dialect.Name;
            o.Storage.ConnectionString = connectionString;
        }).AddSqliteStorage().AddPostgreSqlStorage().AddReconciliation();
        services.AddClerkBackendApi(o =>
        {
            o.BaseUrl = standIn.BaseUrl;
            o.SecretKey = standIn.SecretKey;
            o.RequestsPerWindow = 1000;
            o.Window = TimeSpan.FromSeconds(1);
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
            api?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        var harness = new ReconcileHarness(standIn, provider, connectionString);
        await harness.Storage.Inbox.InitializeAsync();
        return harness;
    }

    /// <summary>Reconciles every resource (or those given).</summary>
    public Task<ReconcileResult> ReconcileAsync(bool dryRun = false, IProgress<ReconcileProgress>? progress = null, params ClerkApiResource[] only) =>
        Reconciler.ReconcileAsync(new ReconcileRequest { Resources = only, DryRun = dryRun }, progress, TestContext.Current.CancellationToken);

    /// <summary>Applies a webhook event through the storage's write path, as the workers do.</summary>
    public Task ApplyEventAsync(string type, JsonNode data, string svixId, long timestampMs)
    {
        var projection = (MirrorProjection)Storage.Mirror;
        var element = JsonSerializer.SerializeToElement(data);
        return Database.WriteAsync(async (transaction, ct) =>
        {
            await projection.ApplyAsync(type, timestampMs, element, svixId, transaction, ct);
            return 0;
        });
    }

    /// <summary>Empties the mirror, the change log and the reconcile tables, and the stand-in.</summary>
    public async Task ResetAsync()
    {
        State.Clear();
        StandIn.Log.Clear();
        StandIn.Faults.Clear();
        await Database.WriteAsync(async (transaction, ct) =>
        {
            foreach (var table in MirrorCatalog.All.Select(t => t.Name).Concat([MirrorColumns.ChangesTable, ReconcileSql.RunsTable, ReconcileSql.SeenTable]))
            {
                await using var command = transaction.Connection!.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM " + table;
                await command.ExecuteNonQueryAsync(ct);
            }

            return 0;
        });
    }

    /// <summary>Runs a query on a read connection and returns its first column as text per row.</summary>
    public Task<List<string?>> QueryAsync(string sql) => Database.ReadAsync(async (connection, ct) =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    });

    /// <summary>Counts rows.</summary>
    public async Task<long> CountAsync(string sql) => long.Parse((await QueryAsync(sql)).Single()!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads one mirror row (column → value), or null.</summary>
    public Task<Dictionary<string, object?>?> RowAsync(string table, string id) => Database.ReadAsync(async (connection, ct) =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} WHERE id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return (Dictionary<string, object?>?)row;
    });

    /// <summary>The mirror's live rows that hold Clerk's data, normalized (see <see cref="MirrorText"/>).</summary>
    public Task<string> LiveMirrorAsync(IReadOnlyCollection<ClerkApiResource> resources) =>
        Database.ReadAsync((connection, ct) => MirrorText.FromDatabaseAsync(connection, resources, ct));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await StandIn.DisposeAsync();
    }
}
