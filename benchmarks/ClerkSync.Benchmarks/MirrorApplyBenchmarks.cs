using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
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

    [IterationSetup]
    public void NextRound() => _events = Workload(Interlocked.Increment(ref _round));

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

    /// <summary>
    /// 2,000 events over fresh ids each round: 30% user created/updated (two addresses, a phone), 15% organizations,
    /// 25% memberships (stubs), 20% sessions, 5% invitations, 5% deletes (users, organizations, memberships).
    /// </summary>
    internal static (string WebhookId, byte[] Body)[] Workload(int round)
    {
        var random = new Random(round);
        var events = new (string, byte[])[Events];
        var baseTime = 1_700_000_000_000L + (round * 10_000_000L);
        for (var i = 0; i < Events; i++)
        {
            var time = baseTime + i;
            var user = $"user_{round}_{random.Next(400)}";
            var org = $"org_{round}_{random.Next(100)}";
            var pick = random.Next(100);
            var (type, data) = pick switch
            {
                < 30 => (pick < 15 ? "user.created" : "user.updated", new JsonObject
                {
                    ["object"] = "user", ["id"] = user, ["first_name"] = "F" + i, ["last_name"] = "L", ["username"] = "u" + i,
                    ["primary_email_address_id"] = "idn_a_" + user,
                    ["email_addresses"] = new JsonArray(
                        new JsonObject { ["id"] = "idn_a_" + user, ["email_address"] = user + "@a.example", ["verification"] = new JsonObject { ["status"] = "verified" } },
                        new JsonObject { ["id"] = "idn_b_" + user, ["email_address"] = user + "@b.example" }),
                    ["phone_numbers"] = new JsonArray(new JsonObject { ["id"] = "idn_p_" + user, ["phone_number"] = "+15550100" }),
                    ["external_accounts"] = new JsonArray(), ["banned"] = false, ["locked"] = false,
                    ["last_sign_in_at"] = time, ["created_at"] = baseTime, ["updated_at"] = time,
                }),
                < 45 => ("organization.updated", new JsonObject { ["object"] = "organization", ["id"] = org, ["name"] = "Org " + i, ["slug"] = "o" + i, ["members_count"] = 3, ["created_at"] = baseTime, ["updated_at"] = time }),
                < 70 => ("organizationMembership.created", new JsonObject
                {
                    ["object"] = "organization_membership", ["id"] = $"orgmem_{org}_{user}", ["role"] = "org:member", ["permissions"] = new JsonArray("org:a"),
                    ["organization"] = new JsonObject { ["id"] = org, ["name"] = "Org", ["updated_at"] = baseTime },
                    ["public_user_data"] = new JsonObject { ["user_id"] = user, ["first_name"] = "F" },
                    ["created_at"] = time, ["updated_at"] = time,
                }),
                < 90 => ("session.created", new JsonObject { ["object"] = "session", ["id"] = $"sess_{round}_{random.Next(1000)}", ["user_id"] = user, ["client_id"] = "client_1", ["status"] = "active", ["last_active_at"] = time, ["expire_at"] = time + 1000, ["created_at"] = time, ["updated_at"] = time }),
                < 95 => ("organizationInvitation.created", new JsonObject { ["object"] = "organization_invitation", ["id"] = $"orginv_{round}_{i}", ["organization_id"] = org, ["email_address"] = "x@example.com", ["status"] = "pending", ["created_at"] = time, ["updated_at"] = time }),
                < 97 => ("user.deleted", new JsonObject { ["object"] = "user", ["id"] = user, ["deleted"] = true }),
                < 98 => ("organization.deleted", new JsonObject { ["object"] = "organization", ["id"] = org, ["deleted"] = true }),
                _ => ("organizationMembership.deleted", new JsonObject { ["object"] = "organization_membership", ["id"] = $"orgmem_{org}_{user}", ["organization"] = new JsonObject { ["id"] = org }, ["public_user_data"] = new JsonObject { ["user_id"] = user }, ["updated_at"] = time }),
            };
            var envelope = new JsonObject { ["data"] = data, ["object"] = "event", ["type"] = type, ["timestamp"] = time };
            events[i] = ($"msg_{round}_{i}", Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        }

        return events;
    }
}
