using ClerkSync.Inbox;
using ClerkSync.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClerkSync.Diagnostics;

/// <summary>/healthz: the database answers (else unhealthy), the workers go round, and the oldest due row is young enough (else degraded).</summary>
internal sealed class ClerkSyncHealthCheck(
    IClerkSyncStorage storage,
    InboxStatsSnapshot stats,
    WorkerHeartbeat heartbeat,
    IOptions<ClerkSyncOptions> options,
    TimeProvider time) : IHealthCheck
{
    /// <summary>The tag of ClerkSync's health check, which <c>MapClerkSyncHealth</c> reports.</summary>
    public const string Tag = "clerksync";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var data = new Dictionary<string, object>
        {
            ["provider"] = storage.Provider,
            ["backlog"] = stats.Backlog,
            ["oldest_due_age_seconds"] = Math.Round(stats.OldestDueAgeSeconds, 1),
            ["workers"] = o.Workers,
        };

        bool reachable;
        try
        {
            reachable = await storage.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reachable = false;
        }

        if (!reachable)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", data: data);
        }

        // A loop beats before every claim and at least once per poll interval; a handler may hold it up to a lease.
        var oldestBeat = heartbeat.OldestBeat(o.Workers);
        if (o.Workers > 0 && (oldestBeat is null || now - oldestBeat.Value > o.Lease + o.PollInterval + InboxMonitor.RefreshInterval))
        {
            return HealthCheckResult.Unhealthy("A worker loop has stopped going round.", data: data);
        }

        if (stats.OldestDueAgeSeconds > o.HealthMaxBacklogAge.TotalSeconds)
        {
            return HealthCheckResult.Degraded($"The oldest due delivery waits for more than {o.HealthMaxBacklogAge}.", data: data);
        }

        return HealthCheckResult.Healthy("Database reachable, workers running.", data);
    }
}
