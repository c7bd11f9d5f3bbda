using ClerkSync.Inbox;
using ClerkSync.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClerkSync.Storage.PostgreSql;

/// <summary>
/// With PostgreSQL storage, wakes this instance's workers when any instance stores or replays a delivery
/// (LISTEN/NOTIFY, issue #4). Polling stays the fallback: a lost notification only delays. Does nothing when another
/// registered storage is the selected one.
/// </summary>
internal sealed class PostgreSqlInboxListener(IClerkSyncStorage storage, IServiceProvider services, InboxSignal signal) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        storage.Provider == PostgreSqlClerkSyncStorage.ProviderName
            ? services.GetRequiredService<PostgreSqlClerkSyncStorage>().PostgreSqlInbox.ListenAsync(signal.Notify, stoppingToken)
            : Task.CompletedTask;
}
