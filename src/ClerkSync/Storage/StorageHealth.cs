using ClerkSync.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Storage;

/// <summary>
/// Whether the database accepts writes, as the endpoint and the workers find it (issue #10): a refusal marks it faulted;
/// a write at least as large as the largest refused delivery clears it (on a nearly full disk small writes still fit
/// where deliveries do not); while it is faulted, /healthz probes with such a write of its own, so that health recovers
/// with the database even when no delivery arrives (a readiness probe may have stopped them). Corruption stays until
/// restart. It also keeps the storage log readable during an outage: one short line per refusal, at most
/// <see cref="LinesPerWindow"/> per <see cref="Window"/> (then a count of the rest), the exception once per outage.
/// </summary>
internal sealed class StorageHealth(TimeProvider time, ILogger<StorageHealth> logger)
{
    /// <summary>The rate limit's window.</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>The most refusal lines logged per window, for deliveries and for workers each.</summary>
    internal const int LinesPerWindow = 5;

    private readonly Lock _lock = new();
    private readonly LogBudget _deliveryLines = new();
    private readonly LogBudget _workerLines = new();
    private StorageFault? _fault;
    private string? _lastError;

    /// <summary>Gets the current fault, or null while writes succeed.</summary>
    public StorageFault? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// Records that a write of <paramref name="bytes"/> (a delivery's body; 0 for the workers' small writes) succeeded:
    /// a fault that is not permanent ends if no larger delivery was refused.
    /// </summary>
    public void Wrote(long bytes = 0)
    {
        if (Volatile.Read(ref _fault) is not { Permanent: false } fault || fault.RefusedBytes > bytes)
        {
            return;
        }

        StorageFault? ended;
        lock (_lock)
        {
            ended = _fault is { Permanent: false } f && f.RefusedBytes <= bytes ? f : null;
            if (ended is not null)
            {
                _fault = null;
            }
        }

        if (ended is not null)
        {
            Log.StorageRecovered(logger, time.GetUtcNow() - ended.Since, ended.Refusals, ended.Reason);
        }
    }

    /// <summary>Records that the store refused a delivery of <paramref name="bytes"/> (answered 503); logs it within the rate limit.</summary>
    public void DeliveryRefused(string webhookId, string eventType, long bytes, Exception exception)
    {
        var first = Record(exception, bytes);
        if (_deliveryLines.TryTake(time.GetUtcNow(), out var suppressed))
        {
            if (suppressed > 0)
            {
                Log.RefusalsNotLogged(logger, suppressed, Window);
            }

            Log.StorageUnavailable(logger, webhookId, eventType, StorageUnavailableException.ReasonOf(exception), first ? exception : null);
        }
    }

    /// <summary>
    /// Records that a worker (or the monitor, or retention) could not use the store; a fault only when the exception
    /// is the store's own (<see cref="StorageUnavailableException.IsStorageFault"/>). Logged within the rate limit.
    /// </summary>
    public void StoreFailed(string workerId, Exception exception)
    {
        var first = StorageUnavailableException.IsStorageFault(exception) ? Record(exception, 0) : IsNewError(exception);
        if (_workerLines.TryTake(time.GetUtcNow(), out var suppressed))
        {
            if (suppressed > 0)
            {
                Log.RefusalsNotLogged(logger, suppressed, Window);
            }

            Log.WorkerStoreError(logger, workerId, StorageUnavailableException.ReasonOf(exception), first ? exception : null);
        }
    }

    /// <summary>
    /// For /healthz: the current fault, after a write probe when there is one and it may have ended (a permanent fault is
    /// not probed). Null when writes succeed.
    /// </summary>
    public async Task<StorageFault?> CheckAsync(IClerkSyncStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (Fault is not { Permanent: false } fault || storage is not IStorageWriteProbe probe)
        {
            return Fault;
        }

        try
        {
            await probe.ProbeWriteAsync(fault.RefusedBytes, cancellationToken).ConfigureAwait(false);
            Wrote(fault.RefusedBytes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Record(ex, 0);
        }

        return Fault;
    }

    /// <summary>Returns whether an error that is not a storage fault differs from the last one (its exception is logged).</summary>
    private bool IsNewError(Exception exception)
    {
        var reason = StorageUnavailableException.ReasonOf(exception);
        lock (_lock)
        {
            if (string.Equals(reason, _lastError, StringComparison.Ordinal))
            {
                return false;
            }

            _lastError = reason;
            return true;
        }
    }

    /// <summary>
    /// Marks the store faulted; returns whether this refusal began the outage (its exception is logged). A refusal of
    /// another kind during an outage (a full disk found corrupt, a lock that turns into an I/O error) becomes the
    /// outage's cause, keeping its start and count, and is not logged with its stack again: one trace per outage,
    /// whichever of the endpoint, the workers and the monitor meets it first.
    /// </summary>
    private bool Record(Exception exception, long bytes)
    {
        var kind = (exception as StorageUnavailableException)?.Kind ?? StorageFaultKind.Unavailable;
        lock (_lock)
        {
            var current = _fault;
            if (current is not null && (current.Kind == kind || current.Permanent))
            {
                current.Refused(bytes);
                return false;
            }

            var fault = new StorageFault(kind, StorageUnavailableException.ReasonOf(exception), exception.Message, current?.Since ?? time.GetUtcNow(), exception is StorageUnavailableException { IsPermanent: true });
            if (current is not null)
            {
                fault.Continues(current);
            }

            fault.Refused(bytes);
            _fault = fault;
            return current is null;
        }
    }

    /// <summary>Up to <see cref="LinesPerWindow"/> lines per <see cref="Window"/>; counts what it refuses.</summary>
    private sealed class LogBudget
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
        private int _taken;
        private long _suppressed;

        public bool TryTake(DateTimeOffset now, out long suppressedBefore)
        {
            lock (_lock)
            {
                suppressedBefore = 0;
                if (now - _windowStart >= Window)
                {
                    _windowStart = now;
                    _taken = 0;
                }

                if (_taken >= LinesPerWindow)
                {
                    _suppressed++;
                    return false;
                }

                _taken++;
                suppressedBefore = _suppressed;
                _suppressed = 0;
                return true;
            }
        }
    }
}

/// <summary>An outage of the store: since when, why, and how many refusals it caused.</summary>
/// <param name="Kind">The kind of fault.</param>
/// <param name="Reason">The short cause.</param>
/// <param name="Message">The full message: the database and what to do.</param>
/// <param name="Since">When the first refusal happened.</param>
/// <param name="Permanent">Whether it lasts until restart (corruption).</param>
internal sealed record StorageFault(StorageFaultKind Kind, string Reason, string Message, DateTimeOffset Since, bool Permanent)
{
    private long _refusals;
    private long _refusedBytes;

    /// <summary>Gets how many refusals the outage caused so far.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>Gets the largest delivery body refused during the outage (0 when only workers were refused).</summary>
    public long RefusedBytes => Interlocked.Read(ref _refusedBytes);

    // Called under StorageHealth's lock.
    internal void Refused(long bytes)
    {
        _refusals++;
        _refusedBytes = Math.Max(_refusedBytes, bytes);
    }

    // Called under StorageHealth's lock, on a new fault that takes over an outage whose cause changed: its count goes on.
    internal void Continues(StorageFault previous)
    {
        _refusals = previous._refusals;
        _refusedBytes = previous._refusedBytes;
    }
}

/// <summary>A storage provider that can check with a harmless write whether its database accepts writes (issue #10).</summary>
internal interface IStorageWriteProbe
{
    /// <summary>
    /// Writes about <paramref name="bytes"/> that mean nothing (then removes them), as much as the largest delivery
    /// refused, and throws when the database refuses it.
    /// </summary>
    Task ProbeWriteAsync(long bytes, CancellationToken cancellationToken);
}
