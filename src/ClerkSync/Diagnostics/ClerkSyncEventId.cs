namespace ClerkSync.Diagnostics;

/// <summary>
/// Stable log event ids (STYLE 12): 1000 ingest (the endpoint), 2000 inbox (workers, retries, replay), 3000 mirror,
/// 4000 storage, 5000 dashboard and alerts. Filter or alert on these numbers; they never change meaning.
/// </summary>
public static class ClerkSyncEventId
{
    /// <summary>A delivery was verified and stored (new row).</summary>
    public const int DeliveryStored = 1000;

    /// <summary>A delivery's id was already stored: acknowledged, nothing written.</summary>
    public const int DeliveryDuplicate = 1001;

    /// <summary>A resend of a failed or dead delivery put it back to pending.</summary>
    public const int DeliveryRequeued = 1002;

    /// <summary>A request was rejected (4xx); the reason code is logged, never the body or headers.</summary>
    public const int DeliveryRejected = 1003;

    /// <summary>The store refused a delivery (full disk, lock, corruption): answered 503; rate-limited, the exception once per outage.</summary>
    public const int StorageUnavailable = 1004;

    /// <summary>An unexpected error in the endpoint (a bug): answered 500.</summary>
    public const int EndpointError = 1005;

    /// <summary>The endpoint is mapped and the secrets loaded (fingerprints only).</summary>
    public const int EndpointMapped = 1006;

    /// <summary>A stored svix-id arrived again with a different, validly signed body: the first is kept, the conflict counted.</summary>
    public const int DeliveryConflict = 1007;

    /// <summary>The workers started.</summary>
    public const int WorkersStarted = 2000;

    /// <summary>A delivery was processed (handlers and mirror succeeded).</summary>
    public const int DeliveryProcessed = 2001;

    /// <summary>An attempt failed and will be retried.</summary>
    public const int AttemptFailed = 2002;

    /// <summary>A delivery ran out of attempts, or cannot succeed: dead until replayed.</summary>
    public const int DeliveryDead = 2003;

    /// <summary>A worker lost its lease on a row before completing it (another worker owns it now).</summary>
    public const int LeaseLost = 2004;

    /// <summary>Claimed rows were released at shutdown.</summary>
    public const int RowsReleased = 2005;

    /// <summary>A worker loop could not use the store; it retries, and the event keeps its attempts. Rate-limited.</summary>
    public const int WorkerStoreError = 2006;

    /// <summary>Rows were replayed.</summary>
    public const int Replayed = 2007;

    /// <summary>The workers stopped.</summary>
    public const int WorkersStopped = 2008;

    /// <summary>Retention deleted done rows past <c>ClerkSync:RetainDone</c>.</summary>
    public const int Purged = 2009;

    /// <summary>A mirror change handler failed; the change is dispatched again later (issue #16).</summary>
    public const int ChangeHandlerFailed = 3001;

    /// <summary>A mirror change handler failed too often; the change is no longer dispatched.</summary>
    public const int ChangeHandlerGaveUp = 3002;

    /// <summary>Reconciliation of a table started (or resumed).</summary>
    public const int ReconcileTableStarted = 3010;

    /// <summary>Reconciliation of a table finished.</summary>
    public const int ReconcileTableFinished = 3011;

    /// <summary>Reconciliation of a table stopped on a Backend API error (or found the list unavailable).</summary>
    public const int ReconcileTableStopped = 3012;

    /// <summary>A direct read confirming an absent row failed; the row is kept and counted as failed.</summary>
    public const int ReconcileConfirmFailed = 3013;

    /// <summary>Another process holds the database's reconcile lock: the run did nothing.</summary>
    public const int ReconcileBusy = 3014;

    /// <summary>A scheduled reconciliation failed; the next one runs at the next interval.</summary>
    public const int ReconcileScheduledFailed = 3015;

    /// <summary>A reconciliation started by the admin endpoint failed.</summary>
    public const int ReconcileFailed = 3016;
    /// <summary>EF Core handlers (issue #11): the handlers' DbContext is the inbox's database; its changes commit with each delivery.</summary>
    public const int TransactionalHandlers = 2100;

    /// <summary>EF Core handlers (issue #11): the handlers' DbContext points at another database than the inbox; its changes are saved at least once, not with the delivery.</summary>
    public const int HandlerContextOtherDatabase = 2101;

    /// <summary>The storage schema was created or checked.</summary>
    public const int StorageInitialized = 4000;

    /// <summary>A group-commit batch failed; every request in it was failed (none was acknowledged).</summary>
    public const int BatchFailed = 4001;

    /// <summary>A background WAL checkpoint failed (not fatal: the writer's own checkpoint bounds the WAL).</summary>
    public const int CheckpointFailed = 4002;

    /// <summary>The SQLite database is corrupt (start-up check or first failure): writes are refused until it is repaired.</summary>
    public const int DatabaseCorrupt = 4003;

    /// <summary>The database accepts writes again after refusing them.</summary>
    public const int StorageRecovered = 4004;

    /// <summary>Storage error lines over the rate limit were counted, not logged.</summary>
    public const int StorageLinesSuppressed = 4005;

    /// <summary>The WAL was truncated after the writer stayed idle.</summary>
    public const int WalTruncated = 4006;

    /// <summary>The start-up integrity check ran out of its time budget before the end of the file.</summary>
    public const int StartupCheckCutOff = 4007;

    /// <summary>A dashboard request was refused (a remote client without a policy, a wrong access token).</summary>
    public const int DashboardAccessRefused = 5000;

    /// <summary>A dashboard form post came without a valid anti-forgery token (CSRF) and changed nothing.</summary>
    public const int DashboardCsrfRefused = 5001;

    /// <summary>Someone revealed the personal data of a delivery or mirror row on the dashboard (ids only).</summary>
    public const int PersonalDataRevealed = 5002;

    /// <summary>A failure group was replayed or purged from the dashboard.</summary>
    public const int DashboardGroupAction = 5003;

    /// <summary>An alert condition started (dead deliveries, processing lag, silence); sent to the alert sinks once.</summary>
    public const int AlertRaised = 5100;

    /// <summary>An alert condition cleared.</summary>
    public const int AlertCleared = 5101;

    /// <summary>An alert sink could not deliver an alert (the webhook did not answer 2xx).</summary>
    public const int AlertSinkFailed = 5102;
}
