using System.Globalization;
using ClerkSync.Diagnostics;
using ClerkSync.Inbox;
using ClerkSync.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClerkSync.Alerts;

/// <summary>Degraded when more than <see cref="ClerkSyncAlertOptions.MaxDead"/> deliveries became dead in the last <see cref="ClerkSyncAlertOptions.DeadWindow"/>.</summary>
internal sealed class DeadDeliveriesHealthCheck(IClerkSyncStorage storage, IOptions<ClerkSyncAlertOptions> options, TimeProvider time) : IHealthCheck
{
    public const string Name = "clerksync-dead";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (storage.Inbox is not IInboxBrowser browser)
        {
            return HealthCheckResult.Healthy($"The storage provider '{storage.Provider}' cannot count dead deliveries; not checked.");
        }

        var dead = await browser.CountDeadSinceAsync(time.GetUtcNow() - o.DeadWindow, cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object> { ["dead_in_window"] = dead, ["window_seconds"] = (long)o.DeadWindow.TotalSeconds };
        return dead > o.MaxDead
            ? new HealthCheckResult(context.Registration.FailureStatus, string.Create(CultureInfo.InvariantCulture, $"{dead} deliveries became dead in the last {o.DeadWindow} (allowed: {o.MaxDead}); replay them on the dashboard's Failures page or with clerk-sync events replay."), data: data)
            : HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{dead} dead in the last {o.DeadWindow}."), data);
    }
}

/// <summary>Degraded when the oldest due delivery waits longer than <see cref="ClerkSyncAlertOptions.MaxLag"/>.</summary>
internal sealed class ProcessingLagHealthCheck(InboxStatsSnapshot stats, IOptions<ClerkSyncAlertOptions> options) : IHealthCheck
{
    public const string Name = "clerksync-lag";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var max = options.Value.MaxLag;
        var lag = TimeSpan.FromSeconds(Math.Round(stats.OldestDueAgeSeconds));
        var data = new Dictionary<string, object> { ["lag_seconds"] = lag.TotalSeconds, ["backlog"] = stats.Backlog };
        return Task.FromResult(lag > max
            ? new HealthCheckResult(context.Registration.FailureStatus, string.Create(CultureInfo.InvariantCulture, $"Processing lags {lag} behind (allowed: {max}); {stats.Backlog} deliveries wait."), data: data)
            : HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Processing lag {lag}."), data));
    }
}

/// <summary>
/// Degraded when no delivery arrived for <see cref="ClerkSyncAlertOptions.MaxSilence"/>: the silent failure an alert
/// inside a handler never sees (Svix disabled the endpoint, the secret rotated, the route moved). An empty inbox
/// counts from when this process started.
/// </summary>
internal sealed class SilenceHealthCheck(IClerkSyncStorage storage, IOptions<ClerkSyncAlertOptions> options, AlertState state, TimeProvider time) : IHealthCheck
{
    public const string Name = "clerksync-silence";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.MaxSilence is not { } max)
        {
            return HealthCheckResult.Healthy("Off (ClerkSync:Alerts:MaxSilence is not set).");
        }

        if (storage.Inbox is not IInboxBrowser browser)
        {
            return HealthCheckResult.Healthy($"The storage provider '{storage.Provider}' cannot tell the last delivery; not checked.");
        }

        var last = await browser.LastReceivedAtAsync(cancellationToken).ConfigureAwait(false);
        var since = last ?? state.Started;
        var quiet = time.GetUtcNow() - since;
        var data = new Dictionary<string, object> { ["silent_seconds"] = Math.Round(quiet.TotalSeconds) };
        var what = last is null ? "since start-up, no delivery arrived" : $"the last delivery arrived at {since:O}";
        return quiet > max
            ? new HealthCheckResult(context.Registration.FailureStatus, $"No delivery for {quiet:d\\.hh\\:mm\\:ss} ({what}; allowed: {max}): check the endpoint in Clerk's dashboard (disabled? failing?).", data: data)
            : HealthCheckResult.Healthy($"Last delivery {quiet:d\\.hh\\:mm\\:ss} ago.", data);
    }
}
