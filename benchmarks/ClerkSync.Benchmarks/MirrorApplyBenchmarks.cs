using System.Data.Common;
using BenchmarkDotNet.Attributes;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using ClerkSync.TestKit;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ClerkSync.Benchmarks;

/// <summary>
/// The mirror's apply rate (issue #4, docs/benchmarks.md "Mirror apply"): a mix of user, organization, membership,
/// session and delete events (JSON parse included), applied in transactions of <see cref="EventsPerTransaction"/>
/// events (the workers' group commit) or one transaction per event. SQLite is a WAL file with synchronous=FULL;
/// PostgreSQL is the TestKit throwaway server (fsync off) or CLERKSYNC_POSTGRES_CONNECTION.
/// </summary>
[MemoryDiagnoser]
public class MirrorApplyBenchmarks
{
    private const int Events = 2_000;

    private (string WebhookId, byte[] Body)[] _events = [];
    private DbConnection _connection = null!;
    private MirrorProjection _projection = null!;
    private string? _sqlitePath;
    private int _round;

    [Params("Sqlite", "PostgreSql")]
    public string Provider { get; set; } = "Sqlite";

    [Params(1, 100)]
    public int EventsPerTransaction { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        if (Provider == "Sqlite")
        {
            _sqlitePath = Path.Combine(Path.GetTempPath(), $"clerksync-mirror-bench-{Guid.NewGuid():N}.db");
            _connection = new SqliteConnection($"Data Source={_sqlitePath};Pooling=false");
            await _connection.OpenAsync();
            await using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            await pragma.ExecuteNonQueryAsync();
            await MirrorSchema.CreateAsync(_connection, MirrorDialect.Sqlite);
            _projection = new MirrorProjection(MirrorDialect.Sqlite, TimeProvider.System);
        }
        else
        {
            var builder = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync("mirrorbench")) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 };
            _connection = new NpgsqlConnection(builder.ConnectionString);
            await _connection.OpenAsync();
            await MirrorSchema.CreateAsync(_connection, MirrorDialect.PostgreSql);
            _projection = new MirrorProjection(MirrorDialect.PostgreSql, TimeProvider.System);
        }
    }

    // Fresh ids each round (TestKit's MirrorWorkload: users, organizations, memberships, sessions, invitations, deletes).
    [IterationSetup]
    public void NextRound() => _events = [.. MirrorWorkload.Generate(Interlocked.Increment(ref _round), Events).Select(e => (e.WebhookId, e.Body))];

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task Apply()
    {
        for (var i = 0; i < _events.Length; i += EventsPerTransaction)
        {
            await using var transaction = await _connection.BeginTransactionAsync();
            for (var j = i; j < Math.Min(i + EventsPerTransaction, _events.Length); j++)
            {
                await _projection.ApplyAsync(_events[j].Body, _events[j].WebhookId, transaction);
            }

            await transaction.CommitAsync();
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _connection.DisposeAsync();
        if (_sqlitePath is not null)
        {
            File.Delete(_sqlitePath);
        }
    }
}
