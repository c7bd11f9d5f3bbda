using ClerkSync.Diagnostics;
using ClerkSync.Storage;
using Microsoft.Extensions.Hosting;

namespace ClerkSync.Inbox;

/// <summary>Creates the schema before anything else starts, then refreshes the inbox statistics for the gauges and /healthz.</summary>
internal sealed class InboxMonitor(IClerkSyncStorage storage, InboxStatsSnapshot snapshot, StorageHealth storageHealth, TimeProvider time) : BackgroundService
{
    /// <summary>How often the statistics are read.</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered before the workers and started before Kestrel listens: no request or claim meets a missing table.
        await storage.Inbox.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stats = await storage.Inbox.GetStatsAsync(cancellationToken).ConfigureAwait(false);
            snapshot.Update(stats, time.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            storageHealth.StoreFailed("monitor", ex);
        }
    }
}
