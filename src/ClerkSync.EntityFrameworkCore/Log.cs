using ClerkSync.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ClerkSync.EntityFrameworkCore;

/// <summary>Source-generated log messages of the EF Core integration (database names only, never connection strings).</summary>
internal static partial class Log
{
    [LoggerMessage(ClerkSyncEventId.TransactionalHandlers, LogLevel.Information, "Handlers' {Context} changes commit with each delivery's done mark and mirror, in the inbox's database {Database}")]
    public static partial void TransactionalHandlers(ILogger logger, string context, string database);

    [LoggerMessage(ClerkSyncEventId.HandlerContextOtherDatabase, LogLevel.Warning, "{Context} points at {ContextDatabase}, but the ClerkSync inbox is {InboxDatabase}: the handlers' changes cannot commit in the delivery's transaction, so they are saved after the handlers and before the done mark (at least once). Point ClerkSync and {Context} at one database for exactly once")]
    public static partial void OtherDatabase(ILogger logger, string context, string contextDatabase, string inboxDatabase);
}
