using ClerkSync.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Inbox;

/// <summary>
/// A stored svix id delivered again with a different, validly signed body (issue #10): the store kept the first body and
/// counted the conflict (<see cref="InboxMessage.Conflicts"/>); this says so in the log, with both event types and never
/// a body. Svix sends one body per message id, so a second one means a sender bug, a shared secret or a replayed id.
/// </summary>
internal static class InboxConflict
{
    public static async Task ReportAsync(IInboxStore inbox, ILogger logger, string webhookId, string eventType, CancellationToken cancellationToken)
    {
        string? storedType = null;
        try
        {
            storedType = (await inbox.GetAsync(webhookId, cancellationToken).ConfigureAwait(false))?.EventType;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The conflict is recorded; only the stored type is missing from the line.
        }

        Log.DeliveryConflict(logger, webhookId, storedType, eventType);
    }
}
