using System.Data.Common;
using ClerkSync.Inbox;
using ClerkSync.Mirror;

namespace ClerkSync.Storage;

/// <summary>A storage provider (SQLite or PostgreSQL): the inbox store and the mirror projection over one database.</summary>
public interface IClerkSyncStorage
{
    /// <summary>Gets the provider name, <c>Sqlite</c> or <c>PostgreSql</c>.</summary>
    string Provider { get; }

    /// <summary>Gets the inbox store.</summary>
    IInboxStore Inbox { get; }

    /// <summary>Gets the mirror projection for this database's dialect.</summary>
    IMirrorProjection Mirror { get; }

    /// <summary>Checks the database answers, for /healthz.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a new connection to this storage's database, for tools that read or write the mirror tables outside the
    /// workers (<c>clerk-sync mirror</c>, reconciliation). The caller disposes it.
    /// </summary>
    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);
}
