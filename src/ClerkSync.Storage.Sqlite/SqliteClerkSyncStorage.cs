using System.Data.Common;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Storage.Sqlite;

/// <summary>
/// The SQLite storage provider of a hosting instance: the inbox and the mirror projection over one database file. It
/// holds the file's <see cref="SqliteInstanceLock"/> from construction to disposal, so a second instance on the same
/// file fails at start-up with <see cref="StorageUnavailableException"/> (issue #10).
/// </summary>
internal sealed class SqliteClerkSyncStorage : IClerkSyncStorage, IStorageWriteProbe, IMirrorDatabase, IAsyncDisposable
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = ClerkSyncStorageOptions.Sqlite;

    private readonly SqliteInboxStore _inbox;
    private readonly IMirrorProjection _mirror;
    private readonly SqliteInstanceLock? _instanceLock;

    /// <summary>Initializes a new instance of the <see cref="SqliteClerkSyncStorage"/> class.</summary>
    /// <param name="inbox">The inbox store.</param>
    /// <param name="mirror">The mirror projection (resolved from DI by the host; a no-op when none is registered).</param>
    /// <exception cref="StorageUnavailableException">Another instance uses the file.</exception>
    /// <param name="ownsDatabase">Whether this is a hosting instance, which takes the file's instance lock.</param>
    public SqliteClerkSyncStorage(SqliteInboxStore inbox, IMirrorProjection mirror, bool ownsDatabase = true)
    {
        _inbox = inbox;
        _mirror = mirror;
        _instanceLock = inbox.IsFile && ownsDatabase ? SqliteInstanceLock.Acquire(inbox.DataSource) : null;
    }

    /// <inheritdoc/>
    public string Provider => ProviderName;

    /// <inheritdoc/>
    public IInboxStore Inbox => _inbox;

    /// <inheritdoc/>
    public IMirrorProjection Mirror => _mirror;

    /// <summary>Gets the SQLite inbox.</summary>
    internal SqliteInboxStore SqliteInbox => _inbox;

    /// <inheritdoc/>
    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => _inbox.PingAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        await _inbox.OpenReaderAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public Task ProbeWriteAsync(long bytes, CancellationToken cancellationToken) => _inbox.ProbeWriteAsync(bytes, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _inbox.DisposeAsync().ConfigureAwait(false);
        _instanceLock?.Dispose();
    }

    /// <inheritdoc/>
    public MirrorDialect Dialect => MirrorDialect.Sqlite;

    /// <inheritdoc/>
    public Task<T> WriteAsync<T>(Func<DbTransaction, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) => _inbox.WriteMirrorAsync(body, cancellationToken);

    /// <inheritdoc/>
    public Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) => _inbox.ReadMirrorAsync(body, cancellationToken);

    /// <inheritdoc/>
    public Task<IAsyncDisposable?> TryLockAsync(string name, CancellationToken cancellationToken = default) => _inbox.TryLockAsync(name, cancellationToken);
}
