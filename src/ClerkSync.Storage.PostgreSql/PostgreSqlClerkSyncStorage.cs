using System.Data.Common;
using ClerkSync.Inbox;
using ClerkSync.Mirror;

namespace ClerkSync.Storage.PostgreSql;

/// <summary>The PostgreSQL storage provider (issue #4): the inbox and the mirror projection over one database.</summary>
/// <param name="inbox">The inbox store.</param>
/// <param name="mirror">The mirror projection (PostgreSQL dialect).</param>
internal sealed class PostgreSqlClerkSyncStorage(PostgreSqlInboxStore inbox, IMirrorProjection mirror) : IClerkSyncStorage, IAsyncDisposable
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
    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => inbox.PingAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        await inbox.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => inbox.DisposeAsync();
}
