using System.Text;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Reconciliation;

/// <summary>
/// ClerkSync's reconcile tables and statements (issue #16), one SQL text for SQLite and PostgreSQL as in
/// <see cref="MirrorSql"/>. <c>clerk_sync_reconcile</c> holds one checkpoint per resource (the run, its cursor, its
/// counts); <c>clerk_sync_reconcile_seen</c> records which run last listed each row, so that the deletion pass of a
/// resumed run knows what the listing saw before the interruption.
/// </summary>
internal sealed class ReconcileSql
{
    /// <summary>The checkpoint table.</summary>
    public const string RunsTable = "clerk_sync_reconcile";

    /// <summary>The table of rows seen by a listing.</summary>
    public const string SeenTable = "clerk_sync_reconcile_seen";

    /// <summary>The most ids one <see cref="SelectHeldOf"/> statement reads: the API's largest page.</summary>
    public const int MaxIds = 500;

    /// <summary>The checkpoint columns, in the order <see cref="ReconcileCheckpoint"/> reads and writes them.</summary>
    public static readonly string[] CheckpointColumns =
    [
        "resource", "run_id", "phase", "started_at", "finished_at", "updated_at", "cursor_starting_after", "cursor_offset", "confirmed_through",
        "pages", "listed", "inserted", "updated", "unchanged", "deleted", "confirmed_live", "unconfirmed", "failed", "error",
    ];

    private static readonly Dictionary<MirrorDialect, ReconcileSql> Cache = [];

    private readonly string[] _markSeen = new string[MaxIds + 1];
    private readonly Dictionary<string, string> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _candidates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _deletable = new(StringComparer.Ordinal);

    private ReconcileSql(MirrorDialect dialect)
    {
        var d = dialect;
        Ddl =
        [
            $"""
            CREATE TABLE IF NOT EXISTS {RunsTable} (
                resource {d.Text} NOT NULL PRIMARY KEY,
                run_id {d.Text} NOT NULL,
                phase {d.Text} NOT NULL,
                started_at {d.Int64} NOT NULL,
                finished_at {d.Int64},
                updated_at {d.Int64} NOT NULL,
                cursor_starting_after {d.Text},
                cursor_offset {d.Int64},
                confirmed_through {d.Text},
                pages {d.Int64} NOT NULL,
                listed {d.Int64} NOT NULL,
                inserted {d.Int64} NOT NULL,
                updated {d.Int64} NOT NULL,
                unchanged {d.Int64} NOT NULL,
                deleted {d.Int64} NOT NULL,
                confirmed_live {d.Int64} NOT NULL,
                unconfirmed {d.Int64} NOT NULL,
                failed {d.Int64} NOT NULL,
                error {d.Text}
            )
            """,
            $"""
            CREATE TABLE IF NOT EXISTS {SeenTable} (
                table_name {d.Text} NOT NULL,
                row_id {d.Text} NOT NULL,
                run_id {d.Text} NOT NULL,
                PRIMARY KEY (table_name, row_id)
            ){d.TableSuffix}
            """,
        ];

        var columns = string.Join(", ", CheckpointColumns);
        SelectCheckpoints = $"SELECT {columns} FROM {RunsTable}";
        UpsertCheckpoint =
            $"INSERT INTO {RunsTable} ({columns}) VALUES ({string.Join(", ", CheckpointColumns.Select(c => "@" + c))}) " +
            $"ON CONFLICT (resource) DO UPDATE SET {string.Join(", ", CheckpointColumns.Skip(1).Select(c => $"{c} = excluded.{c}"))}";
        foreach (var table in MirrorCatalog.All)
        {
            _held[table.Name] =
                $"SELECT id, {MirrorColumns.Version}, {MirrorColumns.Stub}, {MirrorColumns.DeletedAt}, {MirrorColumns.Data} FROM {table.Name} " +
                $"WHERE id IN ({string.Join(", ", Enumerable.Range(0, MaxIds).Select(i => "@id" + i))})";

            // Live rows that hold Clerk's data, that the run's listing did not see, and that nothing wrote since the
            // listing began (a row created or updated meanwhile is never deleted by it): in id order, after a cursor.
            var untouched =
                $"t.{MirrorColumns.DeletedAt} IS NULL AND NOT EXISTS (SELECT 1 FROM {MirrorColumns.ChangesTable} c " +
                $"WHERE c.table_name = '{table.Name}' AND c.row_id = t.id AND c.applied_at >= @started)";
            // With the parent ids a direct read needs (invitations, domains and memberships are read under their organization).
            var key = string.Join(", ", new[] { "organization_id", "user_id" }.Select(c => table.Columns.Any(x => x.Name == c) ? "t." + c : "NULL"));
            _candidates[table.Name] =
                $"SELECT t.id, {key} FROM {table.Name} t WHERE NOT t.{MirrorColumns.Stub} AND t.{MirrorColumns.Version} < @started AND t.id > @after AND {untouched} " +
                $"AND NOT EXISTS (SELECT 1 FROM {SeenTable} s WHERE s.table_name = '{table.Name}' AND s.row_id = t.id AND s.run_id = @run_id) " +
                "ORDER BY t.id LIMIT @limit";
            _deletable[table.Name] = $"SELECT COUNT(*) FROM {table.Name} t WHERE t.id = @id AND {untouched}";
        }
    }

    /// <summary>Gets the DDL (CREATE ... IF NOT EXISTS), part of mirror schema 2.</summary>
    public IReadOnlyList<string> Ddl { get; }

    /// <summary>Gets the read of every checkpoint.</summary>
    public string SelectCheckpoints { get; }

    /// <summary>Gets the write of one checkpoint (@resource, @run_id, ...: <see cref="CheckpointColumns"/>).</summary>
    public string UpsertCheckpoint { get; }

    /// <summary>Gets the statements for <paramref name="dialect"/>.</summary>
    public static ReconcileSql For(MirrorDialect dialect)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(dialect, out var sql))
            {
                sql = new ReconcileSql(dialect);
                Cache[dialect] = sql;
            }

            return sql;
        }
    }

    /// <summary>Gets the read of up to <see cref="MaxIds"/> rows by id (@id0 ...; unused ones null): id, version, stub, deleted_at, data.</summary>
    public string SelectHeldOf(MirrorTable table) => _held[table.Name];

    /// <summary>Gets the read of deletion candidates (@started, @after, @run_id, @limit): id, organization_id, user_id (null where the table has none), in id order.</summary>
    public string SelectCandidatesOf(MirrorTable table) => _candidates[table.Name];

    /// <summary>Gets the re-check, inside the deleting transaction, that row @id is still live and untouched since @started (1 or 0).</summary>
    public string SelectDeletableOf(MirrorTable table) => _deletable[table.Name];

    /// <summary>Gets the record that run @run_id listed @row_id0 ... @row_id{n-1} of table @table_name (n from 1 to <see cref="MaxIds"/>).</summary>
    public string MarkSeen(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxIds);
        lock (_markSeen)
        {
            // One text per count, kept: the command cache keys on the text's reference.
            return _markSeen[count] ??= new StringBuilder($"INSERT INTO {SeenTable} (table_name, row_id, run_id) VALUES ")
                .AppendJoin(", ", Enumerable.Range(0, count).Select(i => $"(@table_name, @row_id{i}, @run_id)"))
                .Append(" ON CONFLICT (table_name, row_id) DO UPDATE SET run_id = excluded.run_id")
                .ToString();
        }
    }
}
