using ClerkSync.Storage;
using Microsoft.Data.Sqlite;

namespace ClerkSync.Storage.Sqlite;

/// <summary>
/// Which SQLite errors are the database's own (issue #10), and the message each gives: the path, the cause and what to
/// do. Everything else (a constraint, a bug in a statement) is the fault of the request that hit it.
/// </summary>
internal static class SqliteFaults
{
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int NoMem = 7;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int CorruptCode = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;
    private const int NotADb = 26;

    /// <summary>Returns whether <paramref name="exception"/> is about the database rather than the request.</summary>
    public static bool IsStorageFault(Exception exception) => exception is StorageUnavailableException || Kind(exception) is not null;

    /// <summary>
    /// Turns a SQLite error about the database into a <see cref="StorageUnavailableException"/> naming
    /// <paramref name="dataSource"/>; returns any other exception unchanged.
    /// </summary>
    public static Exception Wrap(Exception exception, string dataSource, TimeSpan lockWait)
    {
        if (exception is StorageUnavailableException || Kind(exception) is not { } kind)
        {
            return exception;
        }

        var sqlite = (SqliteException)exception;
        var reason = $"{SqliteMessage(sqlite)} (SQLite error {sqlite.SqliteErrorCode})";
        if (kind == StorageFaultKind.Corrupt)
        {
            return sqlite.SqliteErrorCode == NotADb
                ? new StorageUnavailableException(
                    kind,
                    $"not a database: {reason}",
                    $"The file {dataSource} is not a SQLite database: {reason}. Point ClerkSync at its database (--db), or move this file away to start a new one.",
                    exception)
                : Corrupt(dataSource, reason, exception);
        }

        var message = kind switch
        {
            StorageFaultKind.Full =>
                $"The SQLite database {dataSource} cannot grow: {reason}. Free space on its disk; writes are refused (deliveries answered 503, Svix retries them) until it can.",
            StorageFaultKind.Locked =>
                $"The SQLite database {dataSource} is locked by another process for longer than {lockWait.TotalSeconds:0.#} s: {reason}. Find what holds it (another program, a long transaction in a sqlite3 shell); writes are refused until it lets go.",
            StorageFaultKind.CannotOpen =>
                $"Cannot open or write the SQLite database {dataSource}: {OpenCause(dataSource) ?? reason}. Check that its folder exists and that this user can write there.",
            _ =>
                $"The SQLite database {dataSource} failed: {reason}. Check its disk.",
        };
        return new StorageUnavailableException(kind, reason, message, exception);
    }

    /// <summary>Damage found by the start-up check or by a write (<paramref name="detail"/>: what SQLite reported).</summary>
    public static StorageUnavailableException Corrupt(string dataSource, string detail, Exception? innerException = null)
    {
        var reason = "database corrupt: " + (detail.Length > 200 ? detail[..200] : detail);
        return new StorageUnavailableException(
            StorageFaultKind.Corrupt,
            reason,
            $"The SQLite database {dataSource} is corrupt ({detail}). Writes are refused until it is repaired: stop ClerkSync, restore a backup (or try `sqlite3 {dataSource} .recover`), and start it again.",
            innerException);
    }

    /// <summary>A failure to create the database's folder, as a <see cref="StorageUnavailableException"/>.</summary>
    public static StorageUnavailableException CannotCreateFolder(string dataSource, Exception exception) => new(
        StorageFaultKind.CannotOpen,
        exception.Message,
        $"Cannot create the folder of the SQLite database {dataSource}: {exception.Message}",
        exception);

    private static StorageFaultKind? Kind(Exception exception) => exception is SqliteException sqlite
        ? sqlite.SqliteErrorCode switch
        {
            Full => StorageFaultKind.Full,
            Busy or Locked => StorageFaultKind.Locked,
            CorruptCode or NotADb => StorageFaultKind.Corrupt,
            ReadOnly or CantOpen or Perm => StorageFaultKind.CannotOpen,
            IoErr or NoMem or Protocol => StorageFaultKind.Unavailable,
            _ => null,
        }
        : null;

    // "SQLite Error 13: 'database or disk is full'." becomes "database or disk is full".
    private static string SqliteMessage(SqliteException exception)
    {
        var text = exception.Message;
        var start = text.IndexOf('\'', StringComparison.Ordinal);
        var end = text.LastIndexOf('\'');
        return start >= 0 && end > start ? text[(start + 1)..end] : text;
    }

    // SQLite says only "unable to open database file"; the file system says why (read-only, permission denied).
    private static string? OpenCause(string dataSource)
    {
        try
        {
            using (new FileStream(dataSource, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
            {
            }

            var probe = Path.Combine(Path.GetDirectoryName(dataSource)!, $".clerk-sync-probe-{Environment.ProcessId}");
            using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }
}
