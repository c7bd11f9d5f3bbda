using System.Text.Json;

namespace ClerkSync.Mirror.Schema;

/// <summary>The SQL type family of a mirror column.</summary>
internal enum MirrorColumnType
{
    /// <summary>Text.</summary>
    Text,

    /// <summary>A 64-bit integer: counts, and every time as unix milliseconds (Clerk's own unit).</summary>
    Int64,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>JSON (jsonb on PostgreSQL, TEXT on SQLite).</summary>
    Json,
}

/// <summary>A typed column read from the row's data: <paramref name="Read"/> gets the object and its parent (the user, for emails).</summary>
/// <param name="Name">The column name (public contract, docs/schema.md).</param>
/// <param name="Type">The type.</param>
/// <param name="Description">What it holds, for docs/schema.md.</param>
/// <param name="Read">Reads the value (null when absent) from the object and its parent (default when none).</param>
internal sealed record MirrorColumn(string Name, MirrorColumnType Type, string Description, Func<JsonElement, JsonElement, object?> Read);

/// <summary>A link to the parent whose deletion tombstones this row (cascade), by the column holding the parent's id.</summary>
/// <param name="Column">The column holding the parent id.</param>
/// <param name="Parent">The parent table name.</param>
internal sealed record MirrorParentLink(string Column, string Parent);

/// <summary>A mirror table: Clerk's id, typed columns, and the bookkeeping columns every table shares.</summary>
/// <param name="Name">The table name (public contract).</param>
/// <param name="Description">What a row is, for docs/schema.md.</param>
/// <param name="Columns">The typed columns, in order.</param>
/// <param name="Parents">The parents whose deletion cascades here.</param>
internal sealed record MirrorTable(string Name, string Description, IReadOnlyList<MirrorColumn> Columns, IReadOnlyList<MirrorParentLink> Parents)
{
    /// <summary>Gets the column named <paramref name="name"/>.</summary>
    public MirrorColumn Column(string name) => Columns.First(c => c.Name == name);
}
