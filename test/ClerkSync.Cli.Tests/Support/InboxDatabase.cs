using Microsoft.Data.Sqlite;

namespace ClerkSync.Cli.Tests.Support;

/// <summary>Reads a serve database's inbox (clerk_sync_inbox) read-only, beside the running process.</summary>
internal static class InboxDatabase
{
    public static long Count(string database, string where = "1 = 1")
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM clerk_sync_inbox WHERE {where}";
        return (long)command.ExecuteScalar()!;
    }

    public static List<string> Ids(string database) => Strings(database, "SELECT webhook_id FROM clerk_sync_inbox");

    /// <summary>Every stored delivery, svix id and body, in event-time order (ties by id).</summary>
    public static List<(string Id, byte[] Body)> EventsInOrder(string database)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT webhook_id, body FROM clerk_sync_inbox ORDER BY event_timestamp, webhook_id";
        using var reader = command.ExecuteReader();
        var events = new List<(string, byte[])>();
        while (reader.Read())
        {
            events.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
        }

        return events;
    }

    /// <summary>The mirror's tables: every clerk_* table that is not ClerkSync's own bookkeeping (clerk_sync_*).</summary>
    public static List<string> MirrorTables(string database) => Strings(
        database,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'clerk\\_%' ESCAPE '\\' AND name NOT LIKE 'clerk\\_sync\\_%' ESCAPE '\\' ORDER BY name");

    /// <summary>
    /// Every row of every mirror table, every column but <c>clerk_mirror_changes.applied_at</c> (when this host applied an
    /// event: arrival-dependent by definition, docs/schema.md), sorted on all columns: equal dumps mean equal mirrors.
    /// The change log's <c>cascade</c> rows are left out too: which children a parent's deletion finds, and at which
    /// version, depends on arrival order (found by the crash harness, issue #5; the state tables converge regardless).
    /// </summary>
    public static string DumpMirror(string database)
    {
        using var connection = Open(database);
        var text = new System.Text.StringBuilder();
        foreach (var table in MirrorTables(database))
        {
            var columns = Strings(database, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
                .Where(c => !(table == "clerk_mirror_changes" && c == "applied_at"))
                .ToList();
            using var command = connection.CreateCommand();
            var where = table == "clerk_mirror_changes" ? " WHERE change <> 'cascade'" : string.Empty;
            command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table}{where} ORDER BY {string.Join(", ", columns)}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                text.Append(table);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    text.Append(" | ").Append(columns[i]).Append('=').Append(value is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static List<string> Strings(string database, string sql)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
