using System.Data.Common;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Mirror;

/// <summary>Counts per mirror table: live rows, tombstones and stubs (<c>clerk-sync mirror stats</c>).</summary>
/// <param name="Table">The table.</param>
/// <param name="Rows">All rows, tombstones included.</param>
/// <param name="Tombstones">Rows with <c>deleted_at</c> set.</param>
/// <param name="Stubs">Rows holding only embedded data so far.</param>
internal sealed record MirrorTableStats(string Table, long Rows, long Tombstones, long Stubs);

/// <summary>One event that touched a mirror row (<c>clerk-sync mirror show</c>).</summary>
/// <param name="WebhookId">The svix id.</param>
/// <param name="Change"><c>upsert</c>, <c>delete</c>, <c>stub</c> or <c>cascade</c>.</param>
/// <param name="Version">The event's version.</param>
/// <param name="AppliedAt">When it was applied.</param>
internal sealed record MirrorChange(string WebhookId, string Change, long Version, DateTimeOffset AppliedAt);

/// <summary>Read-side queries over the mirror, the same SQL on SQLite and PostgreSQL.</summary>
internal static class MirrorQueries
{
    /// <summary>Counts rows, tombstones and stubs of every table, in one round trip.</summary>
    public static async Task<IReadOnlyList<MirrorTableStats>> StatsAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            // CASE over the boolean works on both databases (0/1 in SQLite, boolean in PostgreSQL).
            command.CommandText = string.Join(
                "\nUNION ALL\n",
                MirrorCatalog.All.Select((t, i) =>
                    $"SELECT {i} AS n, COUNT(*), COUNT({MirrorColumns.DeletedAt}), COALESCE(SUM(CASE WHEN {MirrorColumns.Stub} THEN 1 ELSE 0 END), 0) FROM {t.Name}"))
                + "\nORDER BY n";
            var stats = new List<MirrorTableStats>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    stats.Add(new MirrorTableStats(
                        MirrorCatalog.All[Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)].Name,
                        Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                        Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                        Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            return stats;
        }
    }

    /// <summary>Reads one row as column → value (booleans as bool, JSON as text), or null when absent.</summary>
    /// <exception cref="ArgumentException">The table is not a mirror table.</exception>
    public static async Task<IReadOnlyDictionary<string, object?>?> RowAsync(DbConnection connection, string table, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var definition = Table(table);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = $"SELECT * FROM {definition.Name} WHERE id = @id";
            AddParameter(command, "id", id);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var types = definition.Columns.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
                types[MirrorColumns.Stub] = MirrorColumnType.Boolean;
                var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var name = reader.GetName(i);
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    row[name] = value is long n && types.TryGetValue(name, out var type) && type == MirrorColumnType.Boolean ? n != 0 : value;
                }

                return row;
            }
        }
    }

    /// <summary>Lists the events that touched a row, in the order they were applied.</summary>
    /// <exception cref="ArgumentException">The table is not a mirror table.</exception>
    public static async Task<IReadOnlyList<MirrorChange>> ChangesAsync(DbConnection connection, string table, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var definition = Table(table);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText =
                $"SELECT webhook_id, change, version, applied_at FROM {MirrorColumns.ChangesTable} WHERE table_name = @table AND row_id = @id ORDER BY applied_at, version, webhook_id";
            AddParameter(command, "table", definition.Name);
            AddParameter(command, "id", id);
            var changes = new List<MirrorChange>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    changes.Add(new MirrorChange(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
                }
            }

            return changes;
        }
    }

    private static MirrorTable Table(string name) =>
        MirrorCatalog.Find(name) ?? MirrorCatalog.Find("clerk_" + name)
        ?? throw new ArgumentException($"'{name}' is not a mirror table. Tables: {string.Join(", ", MirrorCatalog.All.Select(t => t.Name))}.", nameof(name));

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
