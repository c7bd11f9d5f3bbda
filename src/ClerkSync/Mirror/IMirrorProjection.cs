using System.Data.Common;
using ClerkSync.Webhooks;

namespace ClerkSync.Mirror;

/// <summary>
/// Applies an event to the mirror tables (issue #4) inside the transaction that marks its inbox row done. Must be
/// idempotent and order-independent: version guards, tombstones, stubs for parents that have not arrived.
/// </summary>
public interface IMirrorProjection
{
    /// <summary>Applies one event.</summary>
    /// <param name="evt">The parsed event.</param>
    /// <param name="webhookId">The delivery id (<c>svix-id</c>), recorded as the row's last writer.</param>
    /// <param name="transaction">The open transaction of the inbox store.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task ApplyAsync(ClerkEvent evt, string webhookId, DbTransaction transaction, CancellationToken cancellationToken = default);
}
