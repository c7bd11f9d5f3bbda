namespace ClerkSync.Cli;

/// <summary>Process exit codes of every command.</summary>
internal static class ExitCode
{
    /// <summary>Success (for <c>verify</c>: the delivery is valid).</summary>
    public const int Success = 0;

    /// <summary>The command ran and found a problem (for <c>verify</c>: invalid; for <c>send</c>: some deliveries failed).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: unknown option, unreadable file, bad secret. The message says what to fix.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// The database cannot be used: it cannot be opened or created (a read-only folder, permissions), it is not a
    /// database, its schema is newer than this ClerkSync, or (SQLite) another serve already uses it. The message names it.
    /// </summary>
    public const int StorageUnavailable = 3;

    /// <summary><c>serve</c>: the port to listen on is already in use; nothing was created. The message names the port and <c>--urls</c>.</summary>
    public const int PortInUse = 4;
}
