namespace ClerkSync.Mirror.Schema;

/// <summary>
/// The few differences between SQLite and PostgreSQL that the mirror's SQL sees (issue #4): column types and how a
/// JSON parameter is written. Everything else (upsert with ON CONFLICT, RETURNING, @name parameters) is one SQL text.
/// </summary>
internal sealed class MirrorDialect
{
    /// <summary>SQLite: JSON as TEXT, booleans as 0/1 INTEGER.</summary>
    public static readonly MirrorDialect Sqlite = new("Sqlite", text: "TEXT", int64: "INTEGER", boolean: "INTEGER", json: "TEXT", jsonParameterSuffix: "", ordinal: "BINARY", tableSuffix: " WITHOUT ROWID", addColumn: "ADD COLUMN");

    /// <summary>PostgreSQL: JSON as jsonb (queryable with -&gt;&gt;), real booleans, bigint times.</summary>
    public static readonly MirrorDialect PostgreSql = new("PostgreSql", text: "text", int64: "bigint", boolean: "boolean", json: "jsonb", jsonParameterSuffix: "::jsonb", ordinal: "\"C\"", tableSuffix: "", addColumn: "ADD COLUMN IF NOT EXISTS");

    private MirrorDialect(string name, string text, string int64, string boolean, string json, string jsonParameterSuffix, string ordinal, string tableSuffix, string addColumn)
    {
        AddColumn = addColumn;
        TableSuffix = tableSuffix;
        OrdinalCollation = ordinal;
        Name = name;
        Text = text;
        Int64 = int64;
        Boolean = boolean;
        Json = json;
        JsonParameterSuffix = jsonParameterSuffix;
    }

    /// <summary>Gets the dialect name (the storage provider name).</summary>
    public string Name { get; }

    /// <summary>Gets the text column type.</summary>
    public string Text { get; }

    /// <summary>Gets the 64-bit integer column type (unix milliseconds, versions, counts).</summary>
    public string Int64 { get; }

    /// <summary>Gets the boolean column type.</summary>
    public string Boolean { get; }

    /// <summary>Gets the JSON column type.</summary>
    public string Json { get; }

    /// <summary>Gets what follows a JSON parameter so that a text parameter lands in a JSON column.</summary>
    public string JsonParameterSuffix { get; }

    /// <summary>Gets the collation that compares text by code point (svix id tie-breaks must not depend on the locale).</summary>
    public string OrdinalCollation { get; }

    /// <summary>
    /// Gets what follows the change log's CREATE TABLE: on SQLite, <c>WITHOUT ROWID</c> keeps each small row in its
    /// primary key's B-tree (one tree per insert instead of two). Not for the mirror tables: their rows hold the whole
    /// JSON object, too large for a clustered key (SQLite advises rows under 1/20 of a page).
    /// </summary>
    public string TableSuffix { get; }

    /// <summary>Gets the ALTER TABLE clause that adds a column: idempotent on PostgreSQL, not on SQLite (no IF NOT EXISTS).</summary>
    public string AddColumn { get; }

    /// <summary>Gets the query counting the columns named @column of the table named @table (1 when it exists).</summary>
    public string ColumnExists => this == Sqlite
        ? "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column"
        : "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND column_name = @column";

    /// <summary>Gets the SQL type of a column type.</summary>
    public string TypeOf(MirrorColumnType type) => type switch
    {
        MirrorColumnType.Text => Text,
        MirrorColumnType.Int64 => Int64,
        MirrorColumnType.Boolean => Boolean,
        MirrorColumnType.Json => Json,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Gets a parameter reference as it must appear in a VALUES list for a column of <paramref name="type"/>.</summary>
    public string Parameter(string name, MirrorColumnType type) => type == MirrorColumnType.Json ? "@" + name + JsonParameterSuffix : "@" + name;
}
