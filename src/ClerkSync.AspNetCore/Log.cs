using ClerkSync.Diagnostics;
using ClerkSync.Inbox;
using Microsoft.Extensions.Logging;

namespace ClerkSync.AspNetCore;

/// <summary>Source-generated log messages of the endpoint: ids, types and reason codes only.</summary>
internal static partial class Log
{
    [LoggerMessage(ClerkSyncEventId.DeliveryStored, LogLevel.Debug, "Accepted {WebhookId} ({EventType}): {Result}")]
    public static partial void DeliveryAccepted(ILogger logger, string webhookId, string eventType, InboxAddResult result);

    [LoggerMessage(ClerkSyncEventId.DeliveryRejected, LogLevel.Debug, "Rejected a request: {StatusCode} {Reason}")]
    public static partial void DeliveryRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(ClerkSyncEventId.EndpointError, LogLevel.Error, "Unexpected error in the webhook endpoint")]
    public static partial void EndpointError(ILogger logger, Exception exception);

    [LoggerMessage(ClerkSyncEventId.EndpointMapped, LogLevel.Information, "Clerk webhooks at POST {Pattern}; secrets {Fingerprints}")]
    public static partial void EndpointMapped(ILogger logger, string pattern, string fingerprints);
}
