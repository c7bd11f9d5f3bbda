using System.Data.Common;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Storage;

/// <summary>
/// The database under a storage provider, for mirror work that is not an inbox row (issue #16: reconciliation, the
/// change-handler dispatch). Both providers implement it beside <see cref="IClerkSyncStorage"/>, on the same
/// connections and discipline as the inbox, so that this work never stalls ingest for longer than one short
/// transaction.
/// </summary>
internal interface IMirrorDatabase
{
    /// <summary>Gets the SQL dialect.</summary>
    MirrorDialect Dialect { get; }

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction and commits it. SQLite: a request of the group-commit writer that
    /// yields to waiting deliveries (it commits with the batch it rides in). PostgreSQL: a pooled connection. Keep the
    /// body short: a page of rows, not a table.
    /// </summary>
    Task<T> WriteAsync<T>(Func<DbTransaction, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="body"/> on a read connection (SQLite: a WAL reader beside the writer).</summary>
    Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the database-wide lock <paramref name="name"/> without waiting, or returns null when another holder has
    /// it. PostgreSQL: a session advisory lock on a connection held until disposal. SQLite: an exclusive lock on a file
    /// beside the database. Both are released by the operating system or the server when the holder dies.
    /// </summary>
    Task<IAsyncDisposable?> TryLockAsync(string name, CancellationToken cancellationToken = default);
}
