using System.Data.Common;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Storage.Sqlite;

/// <summary>The SQLite storage provider: the inbox and the mirror projection over one database file.</summary>
/// <param name="inbox">The inbox store.</param>
/// <param name="mirror">The mirror projection (resolved from DI by the host; a no-op when none is registered).</param>
internal sealed class SqliteClerkSyncStorage(SqliteInboxStore inbox, IMirrorProjection mirror) : IClerkSyncStorage, IMirrorDatabase, IAsyncDisposable
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = "Sqlite";

    /// <inheritdoc/>
    public string Provider => ProviderName;

    /// <inheritdoc/>
    public IInboxStore Inbox => inbox;

    /// <inheritdoc/>
    public IMirrorProjection Mirror => mirror;

    /// <summary>Gets the SQLite inbox.</summary>
    internal SqliteInboxStore SqliteInbox => inbox;

    /// <inheritdoc/>
    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => inbox.PingAsync(cancellationToken);

    /// <inheritdoc/>
    public MirrorDialect Dialect => MirrorDialect.Sqlite;

    /// <inheritdoc/>
    public Task<T> WriteAsync<T>(Func<DbTransaction, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) => inbox.WriteMirrorAsync(body, cancellationToken);

    /// <inheritdoc/>
    public Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) => inbox.ReadMirrorAsync(body, cancellationToken);

    /// <inheritdoc/>
    public Task<IAsyncDisposable?> TryLockAsync(string name, CancellationToken cancellationToken = default) => inbox.TryLockAsync(name, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => inbox.DisposeAsync();
}
