using System.Text;

namespace ClerkSync.Mirror.Schema;

/// <summary>
/// The mirror's DDL and statements for one dialect (issue #4), generated from <see cref="MirrorCatalog"/>. One SQL text
/// serves SQLite and PostgreSQL: both have <c>INSERT ... ON CONFLICT (id) DO UPDATE</c>, <c>RETURNING</c> and @name
/// parameters; only types, the JSON cast and the ordinal collation differ.
/// </summary>
internal sealed class MirrorSql
{
    private static readonly Dictionary<MirrorDialect, MirrorSql> Cache = [];

    private readonly Dictionary<string, string> _upserts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Table, string Column), string> _cascades = [];
    private readonly Dictionary<(string Table, string Column), string> _cascadeLogs = [];

    private MirrorSql(MirrorDialect dialect)
    {
        Dialect = dialect;
        var ddl = new List<string>();
        foreach (var table in MirrorCatalog.All)
        {
            ddl.Add(CreateTable(table));
            foreach (var link in table.Parents)
            {
                ddl.Add($"CREATE INDEX IF NOT EXISTS ix_{table.Name}_{link.Column} ON {table.Name} ({link.Column})");
                _cascades[(table.Name, link.Column)] = Cascade(table, link);
                _cascadeLogs[(table.Name, link.Column)] =
                    $"INSERT INTO {MirrorColumns.ChangesTable} ({LoggedColumns}) " +
                    $"SELECT '{table.Name}', id, @webhook_id, 'cascade', @version, @applied_at, @origin, @applied_at FROM {table.Name} WHERE {link.Column} = @parent_id " +
                    "ON CONFLICT DO NOTHING";
            }

            _upserts[table.Name] = Upsert(table);
        }

        // The change log (issue #4, `mirror show`): which svix ids touched a row. Bookkeeping, not mirror state: its
        // applied_at depends on arrival, so the convergence property compares the mirror tables only.
        ddl.Add($"""
            CREATE TABLE IF NOT EXISTS {MirrorColumns.ChangesTable} (
                table_name {dialect.Text} NOT NULL,
                row_id {dialect.Text} NOT NULL,
                webhook_id {dialect.Text} NOT NULL,
                change {dialect.Text} NOT NULL,
                version {dialect.Int64} NOT NULL,
                applied_at {dialect.Int64} NOT NULL,
                PRIMARY KEY (table_name, row_id, webhook_id)
            ){dialect.TableSuffix}
            """);
        Ddl = ddl;

        // One insert for the rows an event touched (itself and up to two stubs): fewer statements per event. Every
        // row is due for dispatch to the change handlers at once (dispatch_after = applied_at, issue #16).
        LogChanges = [.. Enumerable.Range(1, MaxLoggedPerStatement).Select(n =>
            $"INSERT INTO {MirrorColumns.ChangesTable} ({LoggedColumns}) VALUES " +
            string.Join(", ", Enumerable.Range(0, n).Select(i => $"(@table_name{i}, @row_id{i}, @webhook_id, @change{i}, @version{i}, @applied_at, @origin, @applied_at)")) +
            " ON CONFLICT DO NOTHING")];

        // Mirror schema 2 (issue #16): who wrote each change (webhook or reconcile) and its dispatch mark. Rows logged
        // before it are webhook rows with nothing to dispatch. ClerkSync's own reconcile tables come with it.
        AddedColumns2 =
        [
            new(MirrorColumns.ChangesTable, MirrorColumns.Origin, $"ALTER TABLE {MirrorColumns.ChangesTable} {dialect.AddColumn} {MirrorColumns.Origin} {dialect.Text} NOT NULL DEFAULT '{MirrorOrigin.Webhook}'"),
            new(MirrorColumns.ChangesTable, MirrorColumns.DispatchAfter, $"ALTER TABLE {MirrorColumns.ChangesTable} {dialect.AddColumn} {MirrorColumns.DispatchAfter} {dialect.Int64}"),
            new(MirrorColumns.ChangesTable, MirrorColumns.DispatchAttempts, $"ALTER TABLE {MirrorColumns.ChangesTable} {dialect.AddColumn} {MirrorColumns.DispatchAttempts} {dialect.Int64} NOT NULL DEFAULT 0"),
        ];
        Created2 =
        [
            $"CREATE INDEX IF NOT EXISTS ix_{MirrorColumns.ChangesTable}_dispatch ON {MirrorColumns.ChangesTable} ({MirrorColumns.DispatchAfter}) WHERE {MirrorColumns.DispatchAfter} IS NOT NULL",
            .. Reconciliation.ReconcileSql.For(dialect).Ddl,
        ];

        // A user's derived rows, deleted in one command before they are replaced from the winning arrays.
        DeleteUserChildren = string.Join(
            ";\n",
            MirrorCatalog.All.Where(t => t.Parents.Any(p => p.Parent == MirrorCatalog.Users) && t != MirrorCatalog.OrganizationMembershipsTable)
                .Select(t => $"DELETE FROM {t.Name} WHERE user_id = @parent_id"));
    }

    private const string LoggedColumns =
        $"table_name, row_id, webhook_id, change, version, applied_at, {MirrorColumns.Origin}, {MirrorColumns.DispatchAfter}";

    /// <summary>The most change-log rows one <see cref="LogChanges"/> statement writes.</summary>
    public const int MaxLoggedPerStatement = 3;

    /// <summary>Gets the dialect.</summary>
    public MirrorDialect Dialect { get; }

    /// <summary>Gets the idempotent DDL of mirror schema 1 (CREATE ... IF NOT EXISTS), in order. Shipped: never edit it.</summary>
    public IReadOnlyList<string> Ddl { get; }

    /// <summary>
    /// Gets the columns mirror schema 2 adds to the change log (origin, dispatch mark), each with its ALTER TABLE. On
    /// SQLite an ALTER is not idempotent: <see cref="MirrorSchema"/> runs it only when the column is missing.
    /// </summary>
    public IReadOnlyList<MirrorAddedColumn> AddedColumns2 { get; }

    /// <summary>Gets the idempotent rest of mirror schema 2: the dispatch index and the reconcile tables.</summary>
    public IReadOnlyList<string> Created2 { get; }

    /// <summary>Gets every statement of mirror schema 2, for a provider whose ALTERs are idempotent (PostgreSQL).</summary>
    public IReadOnlyList<string> Migration2 => [.. AddedColumns2.Select(c => c.Sql), .. Created2];

    /// <summary>
    /// Gets the change-log inserts of 1 to <see cref="MaxLoggedPerStatement"/> rows (index n - 1): per row i
    /// @table_name{i}, @row_id{i}, @change{i}, @version{i}; shared @webhook_id, @applied_at, @origin.
    /// </summary>
    public IReadOnlyList<string> LogChanges { get; }

    /// <summary>Gets the delete of a user's emails, phones and external accounts (@parent_id), one command.</summary>
    public string DeleteUserChildren { get; }

    /// <summary>Gets the statements for <paramref name="dialect"/>.</summary>
    public static MirrorSql For(MirrorDialect dialect)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(dialect, out var sql))
            {
                sql = new MirrorSql(dialect);
                Cache[dialect] = sql;
            }

            return sql;
        }
    }

    /// <summary>Gets the merge-upsert of a table; returns the merged version, last_webhook_id, deleted_at, deleted_webhook_id.</summary>
    public string UpsertOf(string table) => _upserts[table];

    /// <summary>Gets the cascade of a parent's deletion to the rows of <paramref name="table"/> linked by <paramref name="column"/>.</summary>
    public string CascadeOf(string table, string column) => _cascades[(table, column)];

    /// <summary>Gets the change-log insert for the rows a cascade touched.</summary>
    public string CascadeLogOf(string table, string column) => _cascadeLogs[(table, column)];

    private string CreateTable(MirrorTable table)
    {
        var d = Dialect;
        var sql = new StringBuilder();
        sql.Append("CREATE TABLE IF NOT EXISTS ").Append(table.Name).Append(" (\n    id ").Append(d.Text).Append(" NOT NULL PRIMARY KEY");
        foreach (var column in table.Columns)
        {
            sql.Append(",\n    ").Append(column.Name).Append(' ').Append(d.TypeOf(column.Type));
        }

        sql.Append(",\n    ").Append(MirrorColumns.Data).Append(' ').Append(d.Json)
            .Append(",\n    ").Append(MirrorColumns.Version).Append(' ').Append(d.Int64).Append(" NOT NULL")
            .Append(",\n    ").Append(MirrorColumns.LastWebhookId).Append(' ').Append(d.Text)
            .Append(",\n    ").Append(MirrorColumns.Stub).Append(' ').Append(d.Boolean).Append(" NOT NULL")
            .Append(",\n    ").Append(MirrorColumns.DeletedAt).Append(' ').Append(d.Int64)
            .Append(",\n    ").Append(MirrorColumns.DeletedWebhookId).Append(' ').Append(d.Text)
            .Append("\n)");
        return sql.ToString();
    }

    // The merge (docs/schema.md, "Convergence"): the data columns take the incoming values only when the incoming
    // (version, svix id) is greater (a data-less tombstone sends a null svix id and never wins); the deletion takes the
    // smaller (deleted_at, svix id). Both are commutative, associative and idempotent, so any delivery order and any
    // duplicates give the state of in-order application. SET expressions read the old row in both databases.
    private string Upsert(MirrorTable table)
    {
        var d = Dialect;
        var collate = " COLLATE " + d.OrdinalCollation;
        var data = new List<(string Name, MirrorColumnType Type)>();
        data.AddRange(table.Columns.Select(c => (c.Name, c.Type)));
        data.Add((MirrorColumns.Data, MirrorColumnType.Json));
        data.Add((MirrorColumns.Version, MirrorColumnType.Int64));
        data.Add((MirrorColumns.LastWebhookId, MirrorColumnType.Text));
        data.Add((MirrorColumns.Stub, MirrorColumnType.Boolean));
        var deletion = new[] { MirrorColumns.DeletedAt, MirrorColumns.DeletedWebhookId };

        var newer =
            $"(excluded.{MirrorColumns.LastWebhookId} IS NOT NULL AND (excluded.{MirrorColumns.Version} > t.{MirrorColumns.Version} OR " +
            $"(excluded.{MirrorColumns.Version} = t.{MirrorColumns.Version} AND excluded.{MirrorColumns.LastWebhookId}{collate} > COALESCE(t.{MirrorColumns.LastWebhookId}, ''){collate})))";
        var earlier =
            $"(excluded.{MirrorColumns.DeletedAt} IS NOT NULL AND (t.{MirrorColumns.DeletedAt} IS NULL OR excluded.{MirrorColumns.DeletedAt} < t.{MirrorColumns.DeletedAt} OR " +
            $"(excluded.{MirrorColumns.DeletedAt} = t.{MirrorColumns.DeletedAt} AND excluded.{MirrorColumns.DeletedWebhookId}{collate} < t.{MirrorColumns.DeletedWebhookId}{collate})))";

        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(table.Name).Append(" AS t (id");
        foreach (var (name, _) in data)
        {
            sql.Append(", ").Append(name);
        }

        sql.Append(", ").Append(MirrorColumns.DeletedAt).Append(", ").Append(MirrorColumns.DeletedWebhookId).Append(") VALUES (@id");
        foreach (var (name, type) in data)
        {
            sql.Append(", ").Append(d.Parameter(name, type));
        }

        sql.Append(", @").Append(MirrorColumns.DeletedAt).Append(", @").Append(MirrorColumns.DeletedWebhookId).Append(")\nON CONFLICT (id) DO UPDATE SET ");
        var first = true;
        foreach (var (name, _) in data)
        {
            sql.Append(first ? "\n    " : ",\n    ").Append(name).Append(" = CASE WHEN ").Append(newer).Append(" THEN excluded.").Append(name).Append(" ELSE t.").Append(name).Append(" END");
            first = false;
        }

        foreach (var name in deletion)
        {
            sql.Append(",\n    ").Append(name).Append(" = CASE WHEN ").Append(earlier).Append(" THEN excluded.").Append(name).Append(" ELSE t.").Append(name).Append(" END");
        }

        sql.Append("\nRETURNING ").Append(MirrorColumns.Version).Append(", ").Append(MirrorColumns.LastWebhookId).Append(", ")
            .Append(MirrorColumns.DeletedAt).Append(", ").Append(MirrorColumns.DeletedWebhookId);
        return sql.ToString();
    }

    private string Cascade(MirrorTable table, MirrorParentLink link)
    {
        var collate = " COLLATE " + Dialect.OrdinalCollation;
        return $"UPDATE {table.Name} SET {MirrorColumns.DeletedAt} = @deleted_at, {MirrorColumns.DeletedWebhookId} = @deleted_webhook_id " +
            $"WHERE {link.Column} = @parent_id AND ({MirrorColumns.DeletedAt} IS NULL OR {MirrorColumns.DeletedAt} > @deleted_at OR " +
            $"({MirrorColumns.DeletedAt} = @deleted_at AND {MirrorColumns.DeletedWebhookId}{collate} > @deleted_webhook_id{collate}))";
    }
}

/// <summary>A column added by a migration.</summary>
/// <param name="Table">The table.</param>
/// <param name="Column">The column.</param>
/// <param name="Sql">The ALTER TABLE that adds it.</param>
internal sealed record MirrorAddedColumn(string Table, string Column, string Sql);
