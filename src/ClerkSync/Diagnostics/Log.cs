using Microsoft.Extensions.Logging;

namespace ClerkSync.Diagnostics;

/// <summary>Source-generated log messages of the runtime (STYLE 12): ids and types only, never bodies or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(ClerkSyncEventId.WorkersStarted, LogLevel.Information, "ClerkSync workers started: {Workers} loops, {HandledTypes} handled event types, instance {InstanceId}")]
    public static partial void WorkersStarted(ILogger logger, int workers, int handledTypes, string instanceId);

    [LoggerMessage(ClerkSyncEventId.WorkersStopped, LogLevel.Information, "ClerkSync workers stopped")]
    public static partial void WorkersStopped(ILogger logger);

    [LoggerMessage(ClerkSyncEventId.DeliveryProcessed, LogLevel.Debug, "Processed {WebhookId} ({EventType}), attempt {Attempt}")]
    public static partial void DeliveryProcessed(ILogger logger, string webhookId, string eventType, int attempt);

    [LoggerMessage(ClerkSyncEventId.AttemptFailed, LogLevel.Warning, "Attempt {Attempt} of {WebhookId} ({EventType}) failed; next attempt at {NextAttemptAt:O}")]
    public static partial void AttemptFailed(ILogger logger, string webhookId, string eventType, int attempt, DateTimeOffset nextAttemptAt, Exception exception);

    [LoggerMessage(ClerkSyncEventId.DeliveryDead, LogLevel.Error, "{WebhookId} ({EventType}) is dead after attempt {Attempt}; replay it with `clerk-sync events replay {WebhookId}`")]
    public static partial void DeliveryDead(ILogger logger, string webhookId, string eventType, int attempt, Exception exception);

    [LoggerMessage(ClerkSyncEventId.LeaseLost, LogLevel.Warning, "Lost the lease on {WebhookId} ({EventType}) before completing it: the lease ({Lease}) is shorter than the handler")]
    public static partial void LeaseLost(ILogger logger, string webhookId, string eventType, TimeSpan lease);

    [LoggerMessage(ClerkSyncEventId.RowsReleased, LogLevel.Information, "Released {Count} claimed rows at shutdown")]
    public static partial void RowsReleased(ILogger logger, int count);

    [LoggerMessage(ClerkSyncEventId.WorkerStoreError, LogLevel.Warning, "Worker {WorkerId} could not use the inbox store: {Reason}; retrying, the event keeps its attempts")]
    public static partial void WorkerStoreError(ILogger logger, string workerId, string reason, Exception? exception);

    [LoggerMessage(ClerkSyncEventId.StorageUnavailable, LogLevel.Warning, "Could not store {WebhookId} ({EventType}): {Reason}; answered 503, the sender retries it")]
    public static partial void StorageUnavailable(ILogger logger, string webhookId, string eventType, string reason, Exception? exception);

    [LoggerMessage(ClerkSyncEventId.StorageLinesSuppressed, LogLevel.Warning, "{Count} more storage errors were not logged (at most 5 lines per {Window})")]
    public static partial void RefusalsNotLogged(ILogger logger, long count, TimeSpan window);

    [LoggerMessage(ClerkSyncEventId.StorageRecovered, LogLevel.Information, "The database accepts writes again after {Duration}: {Refusals} refusals, the first because {Reason}")]
    public static partial void StorageRecovered(ILogger logger, TimeSpan duration, long refusals, string reason);

    [LoggerMessage(ClerkSyncEventId.DeliveryConflict, LogLevel.Warning, "{WebhookId} was delivered again with a different body (stored {StoredType}, this one {EventType}): the first body is kept; see `clerk-sync events show {WebhookId}`")]
    public static partial void DeliveryConflict(ILogger logger, string webhookId, string? storedType, string eventType);

    [LoggerMessage(ClerkSyncEventId.Replayed, LogLevel.Information, "Replayed {Count} rows")]
    public static partial void Replayed(ILogger logger, int count);

    [LoggerMessage(ClerkSyncEventId.Purged, LogLevel.Information, "Retention deleted {Count} done rows processed before {Before}")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(ClerkSyncEventId.ChangeHandlerFailed, LogLevel.Warning, "A mirror change handler failed for {Table} {RowId} ({Operation}, {Origin}), attempt {Attempt}; dispatched again at {NextAttemptAt:O}")]
    public static partial void ChangeHandlerFailed(ILogger logger, string table, string rowId, string operation, string origin, long attempt, DateTimeOffset nextAttemptAt, Exception exception);

    [LoggerMessage(ClerkSyncEventId.ChangeHandlerGaveUp, LogLevel.Error, "A mirror change handler failed for {Table} {RowId} ({Operation}, {Origin}) {Attempt} times; the change is no longer dispatched")]
    public static partial void ChangeHandlerGaveUp(ILogger logger, string table, string rowId, string operation, string origin, long attempt, Exception exception);

    [LoggerMessage(ClerkSyncEventId.ReconcileTableStarted, LogLevel.Information, "Reconciling {Resource} (run {RunId}, resumed: {Resumed})")]
    public static partial void ReconcileTableStarted(ILogger logger, string resource, string runId, bool resumed);

    [LoggerMessage(ClerkSyncEventId.ReconcileTableFinished, LogLevel.Information, "Reconciled {Resource}: {Listed} listed, {Inserted} inserted, {Updated} updated, {Deleted} deleted, {ConfirmedLive} absent but live, {Failed} failed")]
    public static partial void ReconcileTableFinished(ILogger logger, string resource, long listed, long inserted, long updated, long deleted, long confirmedLive, long failed);

    [LoggerMessage(ClerkSyncEventId.ReconcileTableStopped, LogLevel.Warning, "Reconciling {Resource} stopped: HTTP {StatusCode} {ClerkCode} (unavailable on this instance: {Unavailable}); the next run continues from the checkpoint")]
    public static partial void ReconcileTableStopped(ILogger logger, string resource, int? statusCode, string? clerkCode, bool unavailable, Exception exception);

    [LoggerMessage(ClerkSyncEventId.ReconcileConfirmFailed, LogLevel.Warning, "Could not read {Resource} {Id} to confirm its absence (HTTP {StatusCode}); kept")]
    public static partial void ReconcileConfirmFailed(ILogger logger, string resource, string id, int? statusCode, Exception exception);

    [LoggerMessage(ClerkSyncEventId.ReconcileBusy, LogLevel.Information, "Another process is reconciling this database; nothing done")]
    public static partial void ReconcileBusy(ILogger logger);

    [LoggerMessage(ClerkSyncEventId.ReconcileScheduledFailed, LogLevel.Error, "A scheduled reconciliation failed; the next one runs at {NextRunAt:O}")]
    public static partial void ReconcileScheduledFailed(ILogger logger, DateTimeOffset nextRunAt, Exception exception);

    [LoggerMessage(ClerkSyncEventId.ReconcileFailed, LogLevel.Error, "A reconciliation started by the admin endpoint failed")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);
}
