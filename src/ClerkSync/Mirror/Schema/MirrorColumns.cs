namespace ClerkSync.Mirror.Schema;

/// <summary>
/// The bookkeeping columns every mirror table shares (issue #4). Column names are a public contract (docs/schema.md).
/// </summary>
internal static class MirrorColumns
{
    /// <summary>Clerk's id (primary key).</summary>
    public const string Id = "id";

    /// <summary>The JSON <c>data</c> object whose version won; null for a tombstone that never received data.</summary>
    public const string Data = "data";

    /// <summary>The version of the held data: <c>data.updated_at</c> (ms); 0 for stubs and for data-less tombstones.</summary>
    public const string Version = "version";

    /// <summary>The svix id of the event whose data is held (the tie-break between equal versions).</summary>
    public const string LastWebhookId = "last_webhook_id";

    /// <summary>True until a real event for the row supplies its data: the row holds data embedded in another object, or none.</summary>
    public const string Stub = "stub";

    /// <summary>When the row was deleted (ms): the earliest deletion of the row or of a parent that cascades to it.</summary>
    public const string DeletedAt = "deleted_at";

    /// <summary>The svix id of the deletion recorded in <see cref="DeletedAt"/>.</summary>
    public const string DeletedWebhookId = "deleted_webhook_id";

    /// <summary>The change log: one row per (table, row id, svix id) that touched a mirror row, for <c>mirror show</c>.</summary>
    public const string ChangesTable = "clerk_sync_mirror_changes";

    /// <summary>The change log's writer: <c>webhook</c> or <c>reconcile</c> (<see cref="MirrorOrigin"/>).</summary>
    public const string Origin = "origin";

    /// <summary>
    /// The change log's dispatch mark: when the change is next due to the change handlers (ms); null once they have
    /// run. A claim moves it forward by the lease, so a crashed dispatcher's rows come due again.
    /// </summary>
    public const string DispatchAfter = "dispatch_after";

    /// <summary>The change log's failed dispatch attempts.</summary>
    public const string DispatchAttempts = "dispatch_attempts";
}

/// <summary>Who wrote a mirror change (<c>clerk_sync_mirror_changes.origin</c>, issue #16).</summary>
internal static class MirrorOrigin
{
    /// <summary>A webhook event, through the inbox.</summary>
    public const string Webhook = "webhook";

    /// <summary>A reconciliation against the Clerk Backend API.</summary>
    public const string Reconcile = "reconcile";
}
