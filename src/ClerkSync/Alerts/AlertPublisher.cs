using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Alerts;

/// <summary>What the alert publisher remembers: when this process started, and which conditions each sink was told about.</summary>
internal sealed class AlertState(TimeProvider time)
{
    /// <summary>Gets when the process started (the silence check's baseline for an empty inbox).</summary>
    public DateTimeOffset Started { get; } = time.GetUtcNow();

    /// <summary>Gets the (sink, check) pairs whose start was delivered and whose end was not yet.</summary>
    public ConcurrentDictionary<(int Sink, string Check), bool> Raised { get; } = new();

    /// <summary>Gets the lock that keeps publications one at a time (the host runs checks on several timers, which may overlap a slow send).</summary>
    public SemaphoreSlim Publishing { get; } = new(1, 1);
}

/// <summary>
/// Runs with the health checks in the background (the host's health-check publisher, every
/// <see cref="ClerkSyncAlertOptions.CheckInterval"/>) and tells each sink once when an alert check stops being healthy
/// and once when it is healthy again: one alert per condition until it clears, however often it is checked. A sink
/// that throws is told again at the next run.
/// </summary>
internal sealed class AlertPublisher(IEnumerable<IClerkSyncAlertSink> sinks, AlertState state, TimeProvider time, ILogger<AlertPublisher> logger) : IHealthCheckPublisher
{
    /// <summary>The tag of the alert checks.</summary>
    public const string Tag = "clerksync-alert";

    private readonly IClerkSyncAlertSink[] _sinks = [.. sinks];

    public async Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await state.Publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PublishEntriesAsync(report, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            state.Publishing.Release();
        }
    }

    private async Task PublishEntriesAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (check, entry) in report.Entries)
        {
            if (!entry.Tags.Contains(Tag))
            {
                continue;
            }

            var failing = entry.Status != HealthStatus.Healthy;
            for (var i = 0; i < _sinks.Length; i++)
            {
                var raised = state.Raised.ContainsKey((i, check));
                if (failing == raised)
                {
                    continue;
                }

                var alert = new ClerkSyncAlert(check, entry.Status, entry.Description ?? entry.Status.ToString(), time.GetUtcNow(), Cleared: !failing);
                try
                {
                    await _sinks[i].SendAsync(alert, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    AlertLog.SinkFailed(logger, _sinks[i].GetType().Name, check, ex.GetType().Name);
                    continue;
                }

                if (failing)
                {
                    state.Raised[(i, check)] = true;
                }
                else
                {
                    state.Raised.TryRemove((i, check), out _);
                }
            }
        }
    }
}
