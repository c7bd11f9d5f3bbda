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
    public async Task InitializeAsync_RecordsComponentVersions() =>
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM clerk_sync_schema_version WHERE version = 1 AND component IN ('inbox', 'mirror')"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
