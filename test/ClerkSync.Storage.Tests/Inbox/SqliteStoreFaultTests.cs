using System.Diagnostics;
using ClerkSync.Diagnostics;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using ClerkSync.Storage;
using ClerkSync.Storage.Sqlite;
using ClerkSync.TestKit;
using Microsoft.Data.Sqlite;

namespace ClerkSync.Storage.Tests.Inbox;

/// <summary>
/// Issue #10: what the SQLite store does when its database is damaged, locked, not a database, from an older version,
/// or used by a second instance, and that it gives its WAL back when idle. Real files, real SQLite errors.
/// </summary>
public sealed class SqliteStoreFaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clerksync-faults-").FullName;
    private readonly LogRecorder _log = new();

    private string DbPath => Path.Combine(_dir, "inbox.db");

    [Fact]
    public async Task InitializeAsync_InboxPagesOverwritten_FoundAtStartUpInOneLine_AndEveryWriteRefused()
    {
        await SeedAsync(DbPath, 20);
        Assert.True(SqliteDamage.OverwriteInboxPages(DbPath, seed: 10) >= 1);

        await using var store = new SqliteInboxStore(DbPath, logger: _log);
        await store.InitializeAsync();

        var line = Assert.Single(_log.WithId(ClerkSyncEventId.DatabaseCorrupt));
        Assert.Contains(DbPath, line.Message, StringComparison.Ordinal);
        Assert.Contains("quick_check", line.Message, StringComparison.Ordinal);
        Assert.Null(line.Exception);
        Assert.DoesNotContain(_log.WithId(ClerkSyncEventId.StorageInitialized), e => e.Message.StartsWith("SQLite inbox ready", StringComparison.Ordinal));

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AddAsync(Delivery("msg_new")).AsTask());
        Assert.Equal(StorageFaultKind.Corrupt, refused.Kind);
        Assert.True(refused.IsPermanent);
        Assert.Contains(DbPath, refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ClaimAsync("w1", 10, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task AddAsync_CorruptionTheStartUpCheckDidNotReach_FoundAtTheFirstFailure()
    {
        await SeedAsync(DbPath, 20);
        SqliteDamage.OverwriteInboxPages(DbPath, seed: 11);

        // No start-up check (as when it is cut off on a large database): the first write that meets the damage finds it.
        await using var store = new SqliteInboxStore(DbPath, logger: _log) { StartupCheckBudget = TimeSpan.Zero };
        await store.InitializeAsync();
        Assert.Empty(_log.WithId(ClerkSyncEventId.DatabaseCorrupt));

        var first = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AddAsync(Delivery("msg_new")).AsTask());
        Assert.Equal(StorageFaultKind.Corrupt, first.Kind);
        Assert.IsType<SqliteException>(first.InnerException);
        var second = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AddAsync(Delivery("msg_newer")).AsTask());
        Assert.Same(first, second);
        var line = Assert.Single(_log.WithId(ClerkSyncEventId.DatabaseCorrupt));
        Assert.Contains(DbPath, line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_LargeHealthyDatabase_CheckCutOffAtItsBudget_AndWritesGoOn()
    {
        // About 8 MB: quick_check reads every page, far longer than a 1 ms budget.
        await SeedAsync(DbPath, 2_000, bodyBytes: 4_000);
        await using var store = new SqliteInboxStore(DbPath, logger: _log) { StartupCheckBudget = TimeSpan.FromMilliseconds(1) };
        await store.InitializeAsync();

        Assert.Contains(_log.Entries, e => e.Message.Contains("integrity check", StringComparison.Ordinal) && e.Message.Contains("cut off", StringComparison.Ordinal));
        Assert.Empty(_log.WithId(ClerkSyncEventId.DatabaseCorrupt));
        Assert.Equal(InboxAddResult.Stored, await store.AddAsync(Delivery("msg_after")));
    }

    [Fact]
    public async Task InitializeAsync_GarbageFile_NotADatabaseNamingThePath()
    {
        SqliteDamage.WriteGarbage(DbPath, 64 * 1024, seed: 12);
        await using var store = new SqliteInboxStore(DbPath, logger: _log);

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.InitializeAsync());
        Assert.Equal(StorageFaultKind.Corrupt, refused.Kind);
        Assert.Equal($"The file {DbPath} is not a SQLite database: file is not a database (SQLite error 26). Point ClerkSync at its database (--db), or move this file away to start a new one.", refused.Message);
    }

    [Fact]
    public async Task AddAsync_AnotherProcessHoldsTheWriteLock_RefusedWithinSecondsThenAcceptedWhenFreed()
    {
        await SeedAsync(DbPath, 1);
        await using var store = new SqliteInboxStore(DbPath, logger: _log);
        await store.InitializeAsync();
        await using var holder = new SqliteConnection($"Data Source={DbPath};Pooling=false");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AddAsync(Delivery("msg_locked")).AsTask());
        var waited = clock.Elapsed;
        Assert.Equal(StorageFaultKind.Locked, refused.Kind);
        Assert.Contains(DbPath, refused.Message, StringComparison.Ordinal);

        // LockWait (2 s) plus room for a loaded machine; the busy timeout was 30 s before issue #10.
        Assert.True(waited >= SqliteInboxStore.LockWait * 0.9 && waited < TimeSpan.FromSeconds(10), $"refused after {waited.TotalSeconds:F1} s");

        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        Assert.Equal(InboxAddResult.Stored, await store.AddAsync(Delivery("msg_locked")));
    }

    [Fact]
    public async Task InitializeAsync_Version1Database_GainsTheConflictColumnsAndKeepsItsRows()
    {
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE clerk_sync_schema_version (component TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, applied_at INTEGER NOT NULL);
                INSERT INTO clerk_sync_schema_version VALUES ('inbox', 1, 0), ('mirror', 1, 0);
                CREATE TABLE clerk_sync_inbox (
                    webhook_id TEXT NOT NULL UNIQUE, event_type TEXT NOT NULL, event_timestamp INTEGER NOT NULL, entity_key TEXT NULL,
                    received_at INTEGER NOT NULL, signature_timestamp TEXT NOT NULL, signature TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'done', 'failed', 'dead')), attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NULL, locked_by TEXT NULL, locked_until INTEGER NULL, last_error TEXT NULL, processed_at INTEGER NULL,
                    history TEXT NOT NULL DEFAULT '[]', body BLOB NOT NULL);
                INSERT INTO clerk_sync_inbox (webhook_id, event_type, event_timestamp, received_at, signature_timestamp, signature, status, next_attempt_at, body)
                VALUES ('msg_old', 'user.created', 1, 1, '1', 'v1,x', 'pending', 1, x'7b7d');
                """;
            command.ExecuteNonQuery();
        }

        await using var store = new SqliteInboxStore(DbPath, logger: _log);
        await store.InitializeAsync();

        Assert.True(await store.GetAsync("msg_old") is { Conflicts: 0, LastConflictAt: null, Status: InboxStatus.Pending });
        Assert.Equal(InboxAddResult.Conflict, await store.AddAsync(Delivery("msg_old")));
        Assert.Equal(1, (await store.GetAsync("msg_old"))!.Conflicts);
        await using var check = new SqliteConnection($"Data Source={DbPath};Pooling=false");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "SELECT version FROM clerk_sync_schema_version WHERE component = 'inbox'";
        Assert.Equal(2L, version.ExecuteScalar());
    }

    [Fact]
    public async Task Storage_SecondInstanceOnTheSameFile_RefusedUntilTheFirstEnds()
    {
        var first = new SqliteClerkSyncStorage(new SqliteInboxStore(DbPath), NullMirrorProjection.Instance);
        var refused = Assert.Throws<StorageUnavailableException>(() => new SqliteClerkSyncStorage(new SqliteInboxStore(DbPath), NullMirrorProjection.Instance));
        Assert.Equal(StorageFaultKind.InUse, refused.Kind);
        Assert.Contains(DbPath, refused.Message, StringComparison.Ordinal);
        Assert.Contains(SqliteInstanceLock.PathFor(DbPath), refused.Message, StringComparison.Ordinal);

        await first.DisposeAsync();
        await using var second = new SqliteClerkSyncStorage(new SqliteInboxStore(DbPath), NullMirrorProjection.Instance);
        await second.Inbox.InitializeAsync();
    }

    [Fact]
    public async Task Wal_WriterIdle_TruncatedToZeroBytes()
    {
        await using var store = new SqliteInboxStore(DbPath, logger: _log);
        await store.InitializeAsync();
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => store.AddAsync(Delivery($"msg_wal_{i:D4}", 4_000)).AsTask()));
        foreach (var claimed in await store.ClaimAsync("w1", 1_000, TimeSpan.FromMinutes(1)))
        {
            Assert.True(await store.CompleteAsync(claimed, "w1", null));
        }

        var wal = new FileInfo(DbPath + "-wal");
        var grown = wal.Length;
        Assert.True(grown > 64 * 1024, $"the WAL is only {grown} bytes after 1,000 deliveries");

        // Idle: only empty claims, as idle workers make; they change no row, so they do not keep the WAL.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < SqliteCheckpointer.IdleBeforeTruncate + TimeSpan.FromSeconds(25))
        {
            wal.Refresh();
            if (wal.Exists && wal.Length == 0 && _log.WithId(ClerkSyncEventId.WalTruncated).Count > 0)
            {
                break;
            }

            Assert.Empty(await store.ClaimAsync("w1", 10, TimeSpan.FromMinutes(1)));
            await Task.Delay(200);
        }

        wal.Refresh();
        Assert.True(wal.Length == 0, $"the WAL is still {wal.Length} bytes (was {grown}) after {clock.Elapsed.TotalSeconds:F1} s idle");
        Assert.NotEmpty(_log.WithId(ClerkSyncEventId.WalTruncated));
        Assert.Equal(InboxAddResult.Stored, await store.AddAsync(Delivery("msg_after_truncate")));
        Assert.Equal(InboxStatus.Done, (await store.GetAsync("msg_wal_0000"))!.Status);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task SeedAsync(string path, int rows, int bodyBytes = 200)
    {
        await using (var store = new SqliteInboxStore(path))
        {
            await store.InitializeAsync();
            await Task.WhenAll(Enumerable.Range(0, rows).Select(i => store.AddAsync(Delivery($"msg_seed_{i:D5}", bodyBytes)).AsTask()));
        }

        SqliteConnection.ClearAllPools();
    }

    private static InboxDelivery Delivery(string id, int bodyBytes = 200) => new()
    {
        WebhookId = id,
        EventType = "user.created",
        EventTimestamp = 1000,
        EntityKey = "user:" + id,
        ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000),
        Body = System.Text.Encoding.UTF8.GetBytes($$$"""{"type":"user.created","timestamp":1000,"data":{"id":"{{{id}}}","pad":"{{{new string('x', bodyBytes)}}}"}}"""),
        SignatureTimestamp = "1750000000",
        Signature = "v1,test",
    };
}
