using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ClerkSync.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>What the Overview charts count per minute.</summary>
internal enum ActivityKind
{
    /// <summary>Verified deliveries (new, duplicate or requeued).</summary>
    Received = 0,

    /// <summary>Deliveries processed.</summary>
    Processed = 1,

    /// <summary>Failed attempts (retried or dead).</summary>
    Failed = 2,
}

/// <summary>
/// Per-minute counts of this process's deliveries for the Overview page (issue #13), listened from the
/// <c>ClerkSync</c> meter of this host (not of another host in the same process), kept for 24 hours in memory: a
/// restart starts the charts afresh, and on several instances each shows its own traffic. Verification failures
/// (rejected requests are never stored) are counted by reason since start.
/// </summary>
internal sealed class DashboardActivity : IHostedService, IDisposable
{
    /// <summary>How many minutes are kept: one day.</summary>
    public const int Minutes = 24 * 60;

    private readonly long[,] _counts = new long[3, Minutes];
    private readonly long[] _minuteOf = new long[Minutes];
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener = new();

    public DashboardActivity(TimeProvider time, IMeterFactory meterFactory)
    {
        _time = time;
        _meterFactory = meterFactory;
        Started = time.GetUtcNow();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _meterFactory) && instrument.Meter.Name == ClerkSyncMetrics.MeterName && KindOf(instrument.Name) is not null)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
    }

    /// <summary>Gets when counting started (the charts' left edge after a restart).</summary>
    public DateTimeOffset Started { get; }

    /// <summary>Gets the rejected requests by reason code since start.</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason => _rejected;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    /// <summary>Counts of <paramref name="kind"/> for the last <paramref name="minutes"/> minutes, oldest first, the current minute last.</summary>
    public long[] PerMinute(ActivityKind kind, int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minutes, Minutes);
        var now = MinuteNow();
        var series = new long[minutes];
        lock (_lock)
        {
            for (var i = 0; i < minutes; i++)
            {
                var minute = now - (minutes - 1 - i);
                var slot = (int)(minute % Minutes);
                series[i] = _minuteOf[slot] == minute ? _counts[(int)kind, slot] : 0;
            }
        }

        return series;
    }

    /// <summary>Sums <see cref="PerMinute"/> into buckets of <paramref name="bucketMinutes"/>.</summary>
    public long[] PerBucket(ActivityKind kind, int minutes, int bucketMinutes)
    {
        var perMinute = PerMinute(kind, minutes);
        var buckets = new long[minutes / bucketMinutes];
        for (var i = 0; i < buckets.Length * bucketMinutes; i++)
        {
            buckets[i / bucketMinutes] += perMinute[i];
        }

        return buckets;
    }

    private static ActivityKind? KindOf(string instrument) => instrument switch
    {
        "clerksync.deliveries.received" => ActivityKind.Received,
        "clerksync.inbox.processed" => ActivityKind.Processed,
        "clerksync.inbox.retried" or "clerksync.inbox.dead" => ActivityKind.Failed,
        "clerksync.deliveries.rejected" => (ActivityKind)(-1),
        _ => null,
    };

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var kind = KindOf(instrument.Name);
        if (kind is null)
        {
            return;
        }

        if ((int)kind < 0)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && tag.Value is string reason)
                {
                    _rejected.AddOrUpdate(reason, value, (_, n) => n + value);
                }
            }

            return;
        }

        var minute = MinuteNow();
        var slot = (int)(minute % Minutes);
        lock (_lock)
        {
            if (_minuteOf[slot] != minute)
            {
                _minuteOf[slot] = minute;
                for (var k = 0; k < 3; k++)
                {
                    _counts[k, slot] = 0;
                }
            }

            _counts[(int)kind.Value, slot] += value;
        }
    }

    private long MinuteNow() => _time.GetUtcNow().ToUnixTimeSeconds() / 60;
}
