using ClerkSync.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.Reconciliation;

/// <summary>
/// Runs a reconciliation every <see cref="ReconcileOptions.Interval"/> inside the host (issue #16); off when it is not
/// set. The next run is due an interval after the last one ended, as recorded in the database by whichever process ran
/// it, so restarts and several instances do not multiply runs (on PostgreSQL the lock lets one instance run).
/// </summary>
internal sealed class ReconcileScheduler(
    ReconcileRunner runner,
    IClerkReconciler reconciler,
    IOptions<ReconcileOptions> options,
    TimeProvider time,
    ILogger<ReconcileScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Interval is not { } interval)
        {
            return;
        }

        try
        {
            await Task.Delay(o.StartDelay, time, stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var next = await NextRunAsync(interval, now, stoppingToken).ConfigureAwait(false);
                if (next > now)
                {
                    await Task.Delay(Min(next - now, interval), time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    await runner.RunAsync(o.ToRequest(), stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A refused key or a database outage: wait a whole interval rather than retrying in a loop.
                    Log.ReconcileScheduledFailed(logger, time.GetUtcNow() + interval, ex);
                    await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Gets when the next run is due: now when a run is open or never finished, else an interval after the last end.</summary>
    internal async Task<DateTimeOffset> NextRunAsync(TimeSpan interval, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var last = await reconciler.GetLastResultAsync(cancellationToken).ConfigureAwait(false);
        var wanted = options.Value.ToRequest().Resources is { Count: > 0 } chosen ? chosen : [.. ReconcileResource.All.Select(r => r.Resource)];
        DateTimeOffset? lastEnd = null;
        foreach (var resource in wanted)
        {
            var table = last.Tables.FirstOrDefault(t => t.Resource == resource);
            if (table?.FinishedAt is not { } finished || table.Status is ReconcileTableStatus.InProgress or ReconcileTableStatus.Failed)
            {
                return now;
            }

            lastEnd = lastEnd is { } known && known > finished ? known : finished;
        }

        return lastEnd is { } end ? end + interval : now;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
