using System.Diagnostics;
using System.Diagnostics.Metrics;
using ClerkSync.Inbox;

namespace ClerkSync.Diagnostics;

/// <summary>
/// The <c>ClerkSync</c> meter (issue #3). Add it to OpenTelemetry with <c>AddMeter("ClerkSync")</c>. Instruments:
/// <c>clerksync.deliveries.received</c>, <c>.rejected</c> (tag <c>reason</c>), <c>.duplicates</c>, <c>.conflicts</c>,
/// <c>clerksync.inbox.processed</c>, <c>.retried</c>, <c>.dead</c>, <c>.backlog</c>, <c>.oldest_due_age</c>.
/// </summary>
public sealed class ClerkSyncMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ClerkSync";

    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _dead;
    private readonly Counter<long> _purged;
    private readonly InboxStatsSnapshot _stats;

    /// <summary>Initializes a new instance of the <see cref="ClerkSyncMetrics"/> class.</summary>
    /// <param name="meterFactory">The meter factory.</param>
    /// <param name="stats">The inbox statistics, refreshed by the monitor.</param>
    internal ClerkSyncMetrics(IMeterFactory meterFactory, InboxStatsSnapshot stats)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _stats = stats;
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("clerksync.deliveries.received", "{delivery}", "Verified deliveries stored (new, duplicate or requeued).");
        _rejected = meter.CreateCounter<long>("clerksync.deliveries.rejected", "{request}", "Requests rejected, by reason code.");
        _duplicates = meter.CreateCounter<long>("clerksync.deliveries.duplicates", "{delivery}", "Deliveries whose svix-id was already stored.");
        _conflicts = meter.CreateCounter<long>("clerksync.deliveries.conflicts", "{delivery}", "Deliveries whose svix-id was already stored with a different body (the first is kept).");
        _processed = meter.CreateCounter<long>("clerksync.inbox.processed", "{delivery}", "Deliveries processed successfully.");
        _retried = meter.CreateCounter<long>("clerksync.inbox.retried", "{attempt}", "Failed attempts scheduled for a retry.");
        _dead = meter.CreateCounter<long>("clerksync.inbox.dead", "{delivery}", "Deliveries that became dead.");
        _purged = meter.CreateCounter<long>("clerksync.inbox.purged", "{delivery}", "Done rows deleted by retention.");
        meter.CreateObservableGauge("clerksync.inbox.backlog", () => _stats.Backlog, "{delivery}", "Rows pending, failed or processing.");
        meter.CreateObservableGauge("clerksync.inbox.oldest_due_age", () => _stats.OldestDueAgeSeconds, "s", "Age of the oldest pending or failed row.");
    }

    internal void Received(string eventType, InboxAddResult result)
    {
        _received.Add(1, new KeyValuePair<string, object?>("event_type", eventType));
        if (result is InboxAddResult.Duplicate or InboxAddResult.Conflict)
        {
            _duplicates.Add(1);
        }

        if (result == InboxAddResult.Conflict)
        {
            _conflicts.Add(1, new KeyValuePair<string, object?>("event_type", eventType));
        }
    }

    internal void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void Processed(string eventType) => _processed.Add(1, new KeyValuePair<string, object?>("event_type", eventType));

    internal void Retried(string eventType) => _retried.Add(1, new KeyValuePair<string, object?>("event_type", eventType));

    internal void Dead(string eventType) => _dead.Add(1, new KeyValuePair<string, object?>("event_type", eventType));

    internal void Purged(int count) => _purged.Add(count);
}

/// <summary>The latest inbox statistics (gauges and /healthz read it without touching the database).</summary>
internal sealed class InboxStatsSnapshot
{
    private volatile Holder _current = new(null, null);

    /// <summary>Gets the last statistics read, or null before the first refresh.</summary>
    public InboxStats? Stats => _current.Stats;

    /// <summary>Gets when the statistics were read.</summary>
    public DateTimeOffset? ReadAt => _current.ReadAt;

    /// <summary>Gets the number of rows pending, failed or processing.</summary>
    public long Backlog
    {
        get
        {
            var stats = _current.Stats;
            if (stats is null)
            {
                return 0;
            }

            long total = 0;
            foreach (var (status, count) in stats.CountsByStatus)
            {
                if (status is InboxStatus.Pending or InboxStatus.Failed or InboxStatus.Processing)
                {
                    total += count;
                }
            }

            return total;
        }
    }

    /// <summary>Gets the age in seconds of the oldest due row at the last refresh.</summary>
    public double OldestDueAgeSeconds => _current is { Stats.OldestDueReceivedAt: { } oldest, ReadAt: { } at } ? Math.Max(0, (at - oldest).TotalSeconds) : 0;

    public void Update(InboxStats stats, DateTimeOffset readAt)
    {
        Debug.Assert(stats is not null, "stats");
        _current = new Holder(stats, readAt);
    }

    private sealed record Holder(InboxStats? Stats, DateTimeOffset? ReadAt);
}
