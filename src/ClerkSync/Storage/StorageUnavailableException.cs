using System.Data.Common;

namespace ClerkSync.Storage;

/// <summary>Why the database cannot do work that is not itself at fault (issue #10).</summary>
internal enum StorageFaultKind
{
    /// <summary>The disk, or a size limit, is full.</summary>
    Full,

    /// <summary>Another process holds the write lock for longer than a delivery may wait.</summary>
    Locked,

    /// <summary>The file is not a database, or its pages are damaged: it does not heal by itself.</summary>
    Corrupt,

    /// <summary>The file or its folder cannot be opened, created or written (permissions, a read-only file system).</summary>
    CannotOpen,

    /// <summary>Another instance already uses the database, which serves one.</summary>
    InUse,

    /// <summary>An I/O error, or another failure the database reports about itself.</summary>
    Unavailable,
}

/// <summary>
/// The store cannot do its work for a reason of its own (a full disk, a lock, corruption, a file it cannot open), not
/// because of the delivery or a handler: the endpoint answers 503 and a worker keeps the event's attempts (issue #10).
/// <see cref="Exception.Message"/> names the database and says what to do; <see cref="Reason"/> is the short cause.
/// </summary>
internal sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(StorageFaultKind kind, string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Reason = reason;
    }

    /// <summary>Gets what kind of fault it is.</summary>
    public StorageFaultKind Kind { get; }

    /// <summary>Gets the short cause for one-line logs, such as <c>database or disk is full (SQLite error 13)</c>.</summary>
    public string Reason { get; }

    /// <summary>Gets whether the fault lasts until an operator acts (corruption): no write probe can clear it.</summary>
    public bool IsPermanent => Kind == StorageFaultKind.Corrupt;

    /// <summary>
    /// Returns whether <paramref name="exception"/> is the store's own unavailability rather than a failure of the work
    /// it was given: this type (SQLite), or a provider error that says so itself (<see cref="DbException.IsTransient"/>:
    /// for PostgreSQL a lost connection, a full disk, a lock timeout, a serialization failure).
    /// </summary>
    public static bool IsStorageFault(Exception exception) =>
        exception is StorageUnavailableException or DbException { IsTransient: true } or TimeoutException;

    /// <summary>Returns the short cause of <paramref name="exception"/>: <see cref="Reason"/>, or its type and first line.</summary>
    public static string ReasonOf(Exception exception)
    {
        if (exception is StorageUnavailableException storage)
        {
            return storage.Reason;
        }

        var message = exception.Message.AsSpan();
        var newline = message.IndexOfAny('\r', '\n');
        var line = (newline < 0 ? message : message[..newline]).Trim();
        return $"{exception.GetType().Name}: {(line.Length > 300 ? line[..300] : line)}";
    }
}
