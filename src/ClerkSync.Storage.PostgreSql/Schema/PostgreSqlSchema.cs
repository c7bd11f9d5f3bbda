using ClerkSync.Mirror.Schema;

namespace ClerkSync.Storage.PostgreSql.Schema;

/// <summary>
/// The PostgreSQL schema (issues #3 and #4, STYLE 15): the inbox, the mirror and the version table, as ordered
/// migrations per component. Start-up applies the missing ones under an advisory lock, so several instances starting
/// together on one database migrate it once; no manual SQL step.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The schema version table: one row per component, as in the SQLite provider.</summary>
    public const string VersionTable = "clerk_sync_schema_version";

    /// <summary>The inbox table.</summary>
    public const string InboxTable = "clerk_sync_inbox";

    /// <summary>The LISTEN/NOTIFY channel raised when a delivery is stored or replayed.</summary>
    public const string Channel = "clerk_sync_inbox";

    /// <summary>The advisory lock key that serializes migrations (an arbitrary constant: "clerksyn").</summary>
    public const long MigrationLock = 0x636c65726b73796e;

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

    /// <summary>Every inbox column in the order the store reads them.</summary>
    public const string Columns =
        $"{WebhookId}, {EventType}, {EventTimestamp}, {EntityKey}, {ReceivedAt}, {SignatureTimestamp}, {Signature}, {Status}, " +
        $"{Attempts}, {NextAttemptAt}, {LockedBy}, {LockedUntil}, {LastError}, {ProcessedAt}, {History}::text, {Body}, " +
        $"{Conflicts}, {LastConflictAt}, {LastConflictType}";

    public const string CreateVersionTable = $"""
        CREATE TABLE IF NOT EXISTS {VersionTable} (
            component text NOT NULL PRIMARY KEY,
            version integer NOT NULL,
            applied_at bigint NOT NULL
        )
        """;

    /// <summary>Gets the migrations of each component, version 1 first. Append; never edit a shipped one.</summary>
    public static IReadOnlyList<(string Component, int Version, IReadOnlyList<string> Statements)> Migrations { get; } =
    [
        ("inbox", 1,
        [
            // Times are unix milliseconds (bigint), as in SQLite. next_attempt_at is set for every claimable row
            // (pending: received; failed: retry time; processing: lease end) so one index range finds what is due.
            $"""
            CREATE TABLE IF NOT EXISTS {InboxTable} (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                {WebhookId} text NOT NULL UNIQUE,
                {EventType} text NOT NULL,
                {EventTimestamp} bigint NOT NULL,
                {EntityKey} text NULL,
                {ReceivedAt} bigint NOT NULL,
                {SignatureTimestamp} text NOT NULL,
                {Signature} text NOT NULL,
                {Status} text NOT NULL CHECK ({Status} IN ('pending', 'processing', 'done', 'failed', 'dead')),
                {Attempts} integer NOT NULL DEFAULT 0,
                {NextAttemptAt} bigint NULL,
                {LockedBy} text NULL,
                {LockedUntil} bigint NULL,
                {LastError} text NULL,
                {ProcessedAt} bigint NULL,
                {History} jsonb NOT NULL DEFAULT '[]',
                {Body} bytea NOT NULL
            )
            """,
            $"CREATE INDEX IF NOT EXISTS ix_{InboxTable}_due ON {InboxTable} ({Status}, {NextAttemptAt})",
            $"CREATE INDEX IF NOT EXISTS ix_{InboxTable}_entity ON {InboxTable} ({EntityKey}, {EventTimestamp}) WHERE {EntityKey} IS NOT NULL",

            // Wakes the workers of every instance (LISTEN) when a delivery is stored; polling remains the fallback.
            $"""
            CREATE OR REPLACE FUNCTION {InboxTable}_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{Channel}', '');
                RETURN NULL;
            END $$
            """,
            $"DROP TRIGGER IF EXISTS {InboxTable}_notify ON {InboxTable}",
            $"CREATE TRIGGER {InboxTable}_notify AFTER INSERT ON {InboxTable} FOR EACH STATEMENT EXECUTE FUNCTION {InboxTable}_notify()",
        ]),
        ("mirror", 1, MirrorSql.For(MirrorDialect.PostgreSql).Ddl),

        // Retention finds old done rows without walking all of them.
        ("inbox", 2, [$"CREATE INDEX IF NOT EXISTS ix_{InboxTable}_done ON {InboxTable} ({ProcessedAt}) WHERE {Status} = 'done'"]),

        // A stored id delivered again with a different body (issue #10): counted, the first body kept.
        ("inbox", 3,
        [
            $"ALTER TABLE {InboxTable} ADD COLUMN IF NOT EXISTS {Conflicts} integer NOT NULL DEFAULT 0",
            $"ALTER TABLE {InboxTable} ADD COLUMN IF NOT EXISTS {LastConflictAt} bigint NULL",
            $"ALTER TABLE {InboxTable} ADD COLUMN IF NOT EXISTS {LastConflictType} text NULL",
        ]),
        // The change log's origin and dispatch mark, and the reconcile checkpoints (issue #16).
        ("mirror", 2, MirrorSql.For(MirrorDialect.PostgreSql).Migration2),
        // The dashboard (issue #13): keyset pages per filter, newest first (PostgreSqlInboxStore.Dashboard.cs).
        ("inbox", 4, PostgreSqlInboxStore.DashboardMigration),
    ];
}
