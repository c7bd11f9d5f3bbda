using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Storage.Sqlite;

/// <summary>
/// Copies the WAL into the database file in the background (PASSIVE checkpoints on its own connection and thread), so
/// that the group-commit writer does not do it inside a batch. SQLite's default is the opposite: the commit that takes
/// the WAL past 1,000 pages copies them and fsyncs the database before it returns, which under load stalled every
/// delivery in flight for about 3 ms, dozens of times a second (the p99 of issue #3's ingest benchmark).
/// </summary>
/// <remarks>
/// A PASSIVE checkpoint never blocks the writer; under sustained writes it cannot always reach the WAL's end, so the
/// writer keeps SQLite's own checkpoint as a bound (<see cref="WriterAutoCheckpointPages"/>): when it fires, most pages
/// are already copied, the rest is short, and the WAL then starts again from its beginning. Restarting never shrinks the
/// file, which keeps the size of its busiest moment (20-34 MB seen, issue #10); so once the writer has committed nothing
/// for <see cref="IdleBeforeTruncate"/>, a TRUNCATE checkpoint empties it to zero bytes.
/// </remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>The WAL size, in pages, at which the writer checkpoints by itself (SQLite's default is 1,000).</summary>
    public const int WriterAutoCheckpointPages = 10_000;

    // Often enough that the writer's own checkpoint finds little left; rarely enough that a page rewritten by many
    // commits is copied once.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the writer commits nothing before the WAL is truncated.</summary>
    public static readonly TimeSpan IdleBeforeTruncate = TimeSpan.FromSeconds(5);

    private static readonly int IdleTicksBeforeTruncate = (int)(IdleBeforeTruncate / Interval);

    // A truncation blocked by a reader (a long `clerk-sync events` query, a backup) is tried again this often.
    private static readonly int RetryTicks = (int)(TimeSpan.FromSeconds(1) / Interval);

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private int _committed;

    public SqliteCheckpointer(string connectionString, ILogger logger)
    {
        _connectionString = connectionString;
        _logger = logger;

        // Its own thread: a checkpoint blocks for its copy and fsync, which must not take a thread-pool thread.
        _thread = new Thread(Run) { IsBackground = true, Name = "ClerkSync SQLite checkpointer" };
        _thread.Start();
    }

    /// <summary>Notes that the writer committed, so the next tick has something to copy.</summary>
    public void Committed() => Volatile.Write(ref _committed, 1);

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        var idleTicks = 0;

        // False at start: a WAL left by the previous run is truncated at the first idle moment too.
        var truncated = false;
        var failing = false;
        try
        {
            while (!_stop.Wait(Interval))
            {
                var committed = Interlocked.Exchange(ref _committed, 0) == 1;
                if (committed)
                {
                    idleTicks = 0;
                    truncated = false;
                }
                else if (truncated || ++idleTicks < IdleTicksBeforeTruncate)
                {
                    continue;
                }

                try
                {
                    connection ??= Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = committed ? "PRAGMA wal_checkpoint(PASSIVE)" : "PRAGMA wal_checkpoint(TRUNCATE)";
                    using (var reader = command.ExecuteReader())
                    {
                        // One row: busy (1 when a reader or the writer kept the checkpoint from finishing), log, copied.
                        var busy = reader.Read() && reader.GetInt64(0) != 0;
                        if (!committed && !busy)
                        {
                            truncated = true;
                            Log.WalTruncated(_logger);
                        }
                        else if (!committed)
                        {
                            idleTicks = IdleTicksBeforeTruncate - RetryTicks;
                        }
                    }

                    failing = false;
                }
                catch (SqliteException ex)
                {
                    // Not fatal: the writer's own checkpoint still bounds the WAL. Reopen on the next tick; log the first
                    // failure of a run of them (a full disk fails every one).
                    if (!failing)
                    {
                        Log.CheckpointFailed(_logger, ex);
                    }

                    failing = true;
                    idleTicks = IdleTicksBeforeTruncate - RetryTicks;
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=0;";
        command.ExecuteNonQuery();
        return connection;
    }
}
