using Microsoft.Data.Sqlite;

namespace ClerkSync.TestKit;

/// <summary>Damages a SQLite database file on disk as a failing disk or a stray write would (issue #10).</summary>
public static class SqliteDamage
{
    /// <summary>
    /// Overwrites every page of the inbox table and its indexes with random bytes (from <paramref name="seed"/>), after
    /// checkpointing the WAL into the file. The database must not be open in another process.
    /// </summary>
    /// <returns>How many pages were overwritten.</returns>
    public static int OverwriteInboxPages(string database, int seed)
    {
        long pageSize;
        var pages = new List<long>();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
            command.ExecuteNonQuery();
            command.CommandText = "PRAGMA page_size";
            pageSize = (long)command.ExecuteScalar()!;

            // The root pages, and every other page of those b-trees when the build has the dbstat table.
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'clerk_sync_inbox' AND rootpage > 0";
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    pages.Add(reader.GetInt64(0));
                }
            }

            try
            {
                command.CommandText = "SELECT pageno FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'clerk_sync_inbox')";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    pages.Add(reader.GetInt64(0));
                }
            }
            catch (SqliteException)
            {
                // No dbstat in this build: the root pages are enough to make every access fail.
            }
        }

        var random = new Random(seed);
        using var file = new FileStream(database, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var bytes = new byte[pageSize];
        var distinct = pages.Distinct().Order().ToArray();
        foreach (var page in distinct)
        {
            random.NextBytes(bytes);
            file.Position = (page - 1) * pageSize;
            file.Write(bytes);
        }

        file.Flush(flushToDisk: true);
        return distinct.Length;
    }

    /// <summary>Writes <paramref name="length"/> random bytes as a file that is not a database.</summary>
    public static void WriteGarbage(string path, int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
    }
}
