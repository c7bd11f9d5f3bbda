using System.Globalization;
using ClerkSync.Storage;

namespace ClerkSync.Storage.Sqlite;

/// <summary>
/// One hosting instance per SQLite file (issue #10): an exclusive lock on <c>{database}.lock</c>, held while the instance
/// runs and released by the operating system when its process ends, however it ends. A second instance on the same
/// file would share the inbox without SKIP LOCKED and fight for the write lock; it is refused instead. The CLI's
/// <c>events</c> commands do not take it: they read, and replay, beside a running instance.
/// </summary>
internal sealed class SqliteInstanceLock : IDisposable
{
    private readonly FileStream _stream;

    private SqliteInstanceLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file beside <paramref name="databasePath"/>.</summary>
    public static string PathFor(string databasePath) => databasePath + ".lock";

    /// <summary>Takes the lock on <paramref name="databasePath"/>'s instance, or throws naming who holds it.</summary>
    /// <exception cref="StorageUnavailableException">Another process holds it (<see cref="StorageFaultKind.InUse"/>), or the lock file cannot be created.</exception>
    public static SqliteInstanceLock Acquire(string databasePath)
    {
        var path = PathFor(databasePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SqliteFaults.CannotCreateFolder(databasePath, ex);
        }

        try
        {

            // FileShare.None: an exclusive advisory lock (flock on Unix), taken without waiting.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} on {Environment.MachineName}\n"));
            }

            stream.Flush();
            return new SqliteInstanceLock(stream);
        }
        catch (IOException ex) when (IsHeldElsewhere(ex))
        {
            throw new StorageUnavailableException(
                StorageFaultKind.InUse,
                "used by another instance",
                $"The SQLite database {databasePath} is already used by another ClerkSync instance: its process holds {path} (which names its pid). SQLite serves one instance: stop the other one, or give this one another database (--db); several instances need PostgreSQL.",
                ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException(
                StorageFaultKind.CannotOpen,
                ex.Message,
                $"Cannot create the lock file {path} beside the SQLite database {databasePath}: {ex.Message}. Check that its folder exists and that this user can write there.",
                ex);
        }
    }

    public void Dispose() => _stream.Dispose();

    // The lock is taken without waiting: refused, the error is EWOULDBLOCK (11 on Linux, 35 on macOS) or, on Windows, a
    // sharing violation. Any other IOException is about the file itself (a read-only folder).
    private static bool IsHeldElsewhere(IOException exception) =>
        exception.HResult is 11 or 35 or unchecked((int)0x80070020);
}
