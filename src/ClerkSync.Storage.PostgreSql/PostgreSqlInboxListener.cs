using ClerkSync.Inbox;
using ClerkSync.Storage;
using ClerkSync.Storage.PostgreSql;
using Microsoft.Extensions.Hosting;

namespace ClerkSync.AspNetCore;

/// <summary>
/// With PostgreSQL storage, wakes this instance's workers when any instance stores or replays a delivery
/// (LISTEN/NOTIFY, issue #4). Polling stays the fallback: a lost notification only delays. Does nothing on SQLite,
/// where the endpoint and the workers share the process.
/// </summary>
internal sealed class PostgreSqlInboxListener(IClerkSyncStorage storage, InboxSignal signal) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        storage is PostgreSqlClerkSyncStorage postgres
            ? postgres.PostgreSqlInbox.ListenAsync(signal.Notify, stoppingToken)
            : Task.CompletedTask;
}
