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

    public static List<string> Ids(string database)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT webhook_id FROM clerk_sync_inbox";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
