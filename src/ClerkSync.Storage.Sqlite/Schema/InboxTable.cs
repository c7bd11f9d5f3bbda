namespace ClerkSync.Storage.Sqlite.Schema;

/// <summary>
/// The inbox table (issue #3, STYLE 15): one row per Svix message id. Times are unix milliseconds; <c>status</c> is
/// lower-case text; <c>history</c> is a JSON array of attempts kept across replays; <c>body</c> comes after the columns
/// the claim filters on, so that finding due rows never walks the blob's overflow pages.
/// </summary>
internal static class InboxTable
{
    public const string Name = "clerk_sync_inbox";

    /// <summary>2: the conflict columns (issue #10), added after <c>body</c> by <see cref="MigrateToVersion2Sql"/>.</summary>
    public const int Version = 2;

    public const string WebhookId = "webhook_id";
    public const string EventType = "event_type";
    public const string EventTimestamp = "event_timestamp";
    public const string EntityKey = "entity_key";
    public const string ReceivedAt = "received_at";
    public const string SignatureTimestamp = "signature_timestamp";
    public const string Signature = "signature";
    public const string Status = "status";
    public const string Attempts = "attempts";
    public const string NextAttemptAt = "next_attempt_at";
    public const string LockedBy = "locked_by";
    public const string LockedUntil = "locked_until";
    public const string LastError = "last_error";
    public const string ProcessedAt = "processed_at";
    public const string History = "history";
    public const string Body = "body";
    public const string Conflicts = "conflicts";
    public const string LastConflictAt = "last_conflict_at";
    public const string LastConflictType = "last_conflict_type";

    /// <summary>The partial index of done rows by processed time, which retention deletes by.</summary>
    public const string DoneIndex = $"ix_{Name}_done";

    /// <summary>Every column in the order SqliteInboxStore.ReadMessage reads them.</summary>
    public const string Columns =
        $"{WebhookId}, {EventType}, {EventTimestamp}, {EntityKey}, {ReceivedAt}, {SignatureTimestamp}, {Signature}, {Status}, " +
        $"{Attempts}, {NextAttemptAt}, {LockedBy}, {LockedUntil}, {LastError}, {ProcessedAt}, {History}, {Body}, " +
        $"{Conflicts}, {LastConflictAt}, {LastConflictType}";

    // next_attempt_at is set for every claimable row (pending: received time; failed: retry time; processing: lease
    // end), so one index range finds everything due. entity_key + event_timestamp serves the per-entity ordering rule.
    // The partial index on processed_at lets retention find old done rows without walking all of them (added after
    // version 1, additive: IF NOT EXISTS creates it when an older file is opened).
    public const string CreateSql = $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            {WebhookId} TEXT NOT NULL UNIQUE,
            {EventType} TEXT NOT NULL,
            {EventTimestamp} INTEGER NOT NULL,
            {EntityKey} TEXT NULL,
            {ReceivedAt} INTEGER NOT NULL,
            {SignatureTimestamp} TEXT NOT NULL,
            {Signature} TEXT NOT NULL,
            {Status} TEXT NOT NULL CHECK ({Status} IN ('pending', 'processing', 'done', 'failed', 'dead')),
            {Attempts} INTEGER NOT NULL DEFAULT 0,
            {NextAttemptAt} INTEGER NULL,
            {LockedBy} TEXT NULL,
            {LockedUntil} INTEGER NULL,
            {LastError} TEXT NULL,
            {ProcessedAt} INTEGER NULL,
            {History} TEXT NOT NULL DEFAULT '[]',
            {Body} BLOB NOT NULL,
            {Conflicts} INTEGER NOT NULL DEFAULT 0,
            {LastConflictAt} INTEGER NULL,
            {LastConflictType} TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_{Name}_due ON {Name} ({Status}, {NextAttemptAt});
        CREATE INDEX IF NOT EXISTS ix_{Name}_entity ON {Name} ({EntityKey}, {EventTimestamp}) WHERE {EntityKey} IS NOT NULL;
        CREATE INDEX IF NOT EXISTS {DoneIndex} ON {Name} ({ProcessedAt}) WHERE {Status} = 'done';
        """;

    /// <summary>From version 1: the same columns as <see cref="CreateSql"/> makes, in the same place (after <c>body</c>).</summary>
    public const string MigrateToVersion2Sql = $"""
        ALTER TABLE {Name} ADD COLUMN {Conflicts} INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE {Name} ADD COLUMN {LastConflictAt} INTEGER NULL;
        ALTER TABLE {Name} ADD COLUMN {LastConflictType} TEXT NULL;
        """;
}

/// <summary>The schema version table: one row per component (<c>inbox</c>; the mirror adds its own).</summary>
internal static class SchemaVersionTable
{
    public const string Name = "clerk_sync_schema_version";
    public const string Component = "component";
    public const string Version = "version";
    public const string AppliedAt = "applied_at";

    public const string CreateSql = $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            {Component} TEXT NOT NULL PRIMARY KEY,
            {Version} INTEGER NOT NULL,
            {AppliedAt} INTEGER NOT NULL
        );
        """;
}
