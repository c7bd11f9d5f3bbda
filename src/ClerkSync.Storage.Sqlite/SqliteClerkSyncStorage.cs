using System.Data.Common;
using ClerkSync.Inbox;
using ClerkSync.Mirror;

namespace ClerkSync.Storage.Sqlite;

/// <summary>The SQLite storage provider: the inbox and the mirror projection over one database file.</summary>
/// <param name="inbox">The inbox store.</param>
/// <param name="mirror">The mirror projection (resolved from DI by the host; a no-op when none is registered).</param>
internal sealed class SqliteClerkSyncStorage(SqliteInboxStore inbox, IMirrorProjection mirror) : IClerkSyncStorage, IAsyncDisposable
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = ClerkSyncStorageOptions.Sqlite;

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
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        await inbox.OpenReaderAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => inbox.DisposeAsync();
}
