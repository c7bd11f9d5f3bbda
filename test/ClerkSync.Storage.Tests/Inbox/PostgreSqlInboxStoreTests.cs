using ClerkSync.Inbox;
using ClerkSync.Mirror.Schema;
using ClerkSync.Storage.PostgreSql;
using ClerkSync.TestKit;
using Npgsql;

namespace ClerkSync.Storage.Tests.Inbox;

public sealed class PostgreSqlInboxStoreTests : InboxStoreCompliance
{
    private string _connectionString = "";

    internal override MirrorDialect Dialect => MirrorDialect.PostgreSql;

    protected override async Task<IInboxStore> CreateStoreAsync(TimeProvider time)
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync(nameof(PostgreSqlInboxStoreTests));
        var store = new PostgreSqlInboxStore(PostgreSqlInboxStore.CreateDataSource(_connectionString), time, ownsDataSource: true);
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task InitializeAsync_RecordsComponentVersions()
    {
        // inbox 2: the partial index on processed_at for retention; 3: the conflict columns (issue #10).
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM clerk_sync_schema_version WHERE component = 'inbox' AND version = 4"));
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'clerk_sync_inbox' AND column_name IN ('conflicts', 'last_conflict_at', 'last_conflict_type')"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM clerk_sync_schema_version WHERE component = 'mirror' AND version = 2"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'ix_clerk_sync_inbox_done'"));
    }

    [Fact]
    public async Task ListenAsync_AddFromAnotherStore_Notifies()
    {
        var store = (PostgreSqlInboxStore)Store;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var notified = 0;
        var second = new TaskCompletionSource();
        var listening = store.ListenAsync(
            () =>
            {
                if (Interlocked.Increment(ref notified) >= 2)
                {
                    second.TrySetResult();
                }
            },
            cts.Token);

        // The first call comes when LISTEN is in place; then a store on another data source adds a row.
        await WaitUntilAsync(() => Volatile.Read(ref notified) >= 1, cts.Token);
        await using var other = new PostgreSqlInboxStore(PostgreSqlInboxStore.CreateDataSource(_connectionString), Time, ownsDataSource: true);
        await other.AddAsync(new InboxDelivery
        {
            WebhookId = "msg_notify",
            EventType = "user.created",
            EventTimestamp = 1,
            ReceivedAt = Time.GetUtcNow(),
            Body = "{}"u8.ToArray(),
            SignatureTimestamp = "1",
            Signature = "v1,x",
        });
        await second.Task.WaitAsync(cts.Token);
        await cts.CancelAsync();
        await listening;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
