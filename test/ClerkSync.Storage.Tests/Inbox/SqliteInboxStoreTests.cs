using ClerkSync.Inbox;
using ClerkSync.Mirror.Schema;
using ClerkSync.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ClerkSync.Storage.Tests.Inbox;

public sealed class SqliteInboxStoreTests : InboxStoreCompliance, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"clerksync-inbox-{Guid.NewGuid():N}.db");

    internal override MirrorDialect Dialect => MirrorDialect.Sqlite;

    protected override async Task<IInboxStore> CreateStoreAsync(TimeProvider time)
    {
        var store = new SqliteInboxStore(_path, time);
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task InitializeAsync_RecordsComponentVersions()
    {
        // inbox 2: the conflict columns (issue #10); mirror 2: the change log of the reconcile round (issue #16).
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM clerk_sync_schema_version WHERE component = 'inbox' AND version = 2"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM clerk_sync_schema_version WHERE component = 'mirror' AND version = 2"));
    }

    [Fact]
    public async Task Commits_ReachTheDatabaseFile_ThroughTheBackgroundCheckpointer()
    {
        // 300 deliveries of 2 KB are about 150 pages: far below the writer's own checkpoint threshold, so only the
        // background checkpointer can copy them from the WAL into the database file.
        Assert.True(SqliteCheckpointer.WriterAutoCheckpointPages > 1_000);
        var adds = Enumerable.Range(0, 300).Select(i => Store.AddAsync(Delivery($"msg_ckpt_{i:D4}"), TestContext.Current.CancellationToken).AsTask());
        await Task.WhenAll(adds);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (new FileInfo(_path).Length < 300 * 2048 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(new FileInfo(_path).Length >= 300 * 2048, $"database file is {new FileInfo(_path).Length} bytes; the WAL was not checkpointed");
    }

    [Fact]
    public async Task Purge_FindsDoneRowsThroughThePartialIndex_NotByWalkingEveryDoneRow()
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteInboxStore.PurgeSql;
        foreach (var name in new[] { "$done", "$dead", "$before", "$max" })
        {
            command.Parameters.AddWithValue(name, 1);
        }

        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains("INDEX ix_clerk_sync_inbox_done (processed_at<?)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Claim_QueuedAmongABurstOfDeliveries_RunsAndSeesTheDeliveriesBeforeIt()
    {
        // Claims yield to waiting deliveries (WriteKind.Processing) but are never starved, and never overtake a
        // delivery queued before them.
        var ct = TestContext.Current.CancellationToken;
        var before = Enumerable.Range(0, 500).Select(i => Store.AddAsync(Delivery($"msg_a_{i:D4}"), ct).AsTask()).ToList();
        var claim = Store.ClaimAsync("worker-1", 10, TimeSpan.FromSeconds(30), ct);
        var after = Enumerable.Range(0, 500).Select(i => Store.AddAsync(Delivery($"msg_b_{i:D4}"), ct).AsTask()).ToList();

        var claimed = await claim.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await Task.WhenAll(before.Concat(after));

        Assert.Equal(10, claimed.Count);
        Assert.Equal(1000, await CountAsync("SELECT COUNT(*) FROM clerk_sync_inbox"));
        Assert.Equal(10, await CountAsync("SELECT COUNT(*) FROM clerk_sync_inbox WHERE status = 'processing'"));
    }

    private InboxDelivery Delivery(string id) => new()
    {
        WebhookId = id,
        EventType = "user.created",
        EventTimestamp = 1000,
        EntityKey = "user:" + id,
        ReceivedAt = Time.GetUtcNow(),
        Body = new byte[2048],
        SignatureTimestamp = "1750000000",
        Signature = "v1,test",
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
