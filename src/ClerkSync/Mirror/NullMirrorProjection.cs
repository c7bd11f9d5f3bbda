using System.Data.Common;
using ClerkSync.Webhooks;

namespace ClerkSync.Mirror;

/// <summary>The projection used when no mirror is registered: does nothing (the inbox still records the delivery as done).</summary>
internal sealed class NullMirrorProjection : IMirrorProjection
{
    /// <summary>The shared instance.</summary>
    public static readonly NullMirrorProjection Instance = new();

    /// <inheritdoc/>
    public Task ApplyAsync(ClerkEvent evt, string webhookId, DbTransaction transaction, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
