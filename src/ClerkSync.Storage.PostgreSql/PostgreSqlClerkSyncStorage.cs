using System.Data.Common;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using ClerkSync.Storage.PostgreSql.Schema;
using ClerkSync.Mirror.Schema;
using Npgsql;

namespace ClerkSync.Storage.PostgreSql;

/// <summary>The PostgreSQL storage provider (issue #4): the inbox and the mirror projection over one database.</summary>
/// <param name="inbox">The inbox store.</param>
/// <param name="mirror">The mirror projection (PostgreSQL dialect).</param>
internal sealed class PostgreSqlClerkSyncStorage(PostgreSqlInboxStore inbox, IMirrorProjection mirror) : IClerkSyncStorage, IStorageWriteProbe, IMirrorDatabase, IAsyncDisposable
{
    /// <summary>The provider name (<c>ClerkSync:Storage:Provider</c>).</summary>
    public const string ProviderName = ClerkSyncStorageOptions.PostgreSql;

    /// <inheritdoc/>
    public string Provider => ProviderName;

    /// <inheritdoc/>
    public IInboxStore Inbox => inbox;

    /// <inheritdoc/>
    public IMirrorProjection Mirror => mirror;

    /// <summary>Gets the PostgreSQL inbox (LISTEN/NOTIFY, data source).</summary>
    internal PostgreSqlInboxStore PostgreSqlInbox => inbox;

    /// <inheritdoc/>
    public MirrorDialect Dialect => MirrorDialect.PostgreSql;

    /// <inheritdoc/>
    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => inbox.PingAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        await inbox.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <remarks>PostgreSQL refuses every write once its disk is full: one small update shows it.</remarks>
    public async Task ProbeWriteAsync(long bytes, CancellationToken cancellationToken)
    {
        using var command = inbox.DataSource.CreateCommand(
            $"UPDATE {PostgreSqlSchema.VersionTable} SET applied_at = applied_at WHERE component = 'inbox'");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<T> WriteAsync<T>(Func<DbTransaction, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var connection = await inbox.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await body(transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var connection = await inbox.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await body(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IAsyncDisposable?> TryLockAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        // A session lock on a connection of its own, kept open while held: the server drops it if this process dies.
        var connection = await inbox.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@name, 0))", connection);
            command.Parameters.AddWithValue("name", "clerk_sync:" + name);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new AdvisoryLock(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => inbox.DisposeAsync();

    /// <summary>Closing the connection ends the session, which releases its advisory locks (pooled connections are reset by DISCARD ALL).</summary>
    private sealed class AdvisoryLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the lock with it.
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
