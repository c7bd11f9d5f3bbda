using ClerkSync.Diagnostics;
using ClerkSync.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.Inbox;

/// <summary>
/// Deletes done rows processed more than <see cref="ClerkSyncOptions.RetainDone"/> ago, at start-up and then hourly:
/// their bodies hold personal data, and an inbox that only grows slows every query over it. Dead rows stay until
/// someone replays or purges them. With several instances on one database each runs it; the deletes do not conflict.
/// </summary>
internal sealed class InboxRetention(
    IClerkSyncStorage storage,
    ClerkSyncMetrics metrics,
    StorageHealth storageHealth,
    IOptions<ClerkSyncOptions> options,
    TimeProvider time,
    ILogger<InboxRetention> logger) : BackgroundService
{
    /// <summary>How often retention runs.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Runs <see cref="IInboxStore.PurgeAsync"/> until it deletes fewer than a full chunk; returns the total.</summary>
    public static async Task<int> PurgeAllAsync(IInboxStore inbox, PurgeFilter filter, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            // Chunks, each its own short transaction: deliveries keep being committed in between.
            deleted = await inbox.PurgeAsync(filter, cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == filter.MaxRows);
        return total;
    }

    /// <summary>Deletes what is past retention now; store errors are logged and retried on the next run.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.RetainDone;
        try
        {
            var count = await PurgeAllAsync(storage.Inbox, new PurgeFilter { Before = before }, cancellationToken).ConfigureAwait(false);
            if (count > 0)
            {
                metrics.Purged(count);
                Log.Purged(logger, count, before);
            }

            return count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            storageHealth.StoreFailed("retention", ex);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetainDone == TimeSpan.Zero)
        {
            return;
        }

        // Leave StartAsync at once: start-up does not wait for a purge.
        await Task.Yield();
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
