using ClerkSync.Diagnostics;
using ClerkSync.Handlers;
using ClerkSync.Internal;
using ClerkSync.Storage;
using ClerkSync.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.Inbox;

/// <summary>
/// Processes the inbox (issue #3): <see cref="ClerkSyncOptions.Workers"/> loops each claim due rows under a lease,
/// parse them, run the handlers, then mark them done in the transaction that applies the mirror projection. Failures
/// are retried with capped exponential backoff, then dead. On shutdown the current row finishes (or, if its handler
/// honours cancellation, is released) and the rest of the claim is released. Only handler and projection failures cost
/// an attempt: when the store itself cannot record an outcome (a full disk, a lock), the worker retries recording it.
/// </summary>
internal sealed class InboxWorker : BackgroundService
{
    private const int MaxErrorLength = 4000;

    // The longest wait between two tries at recording an outcome the store refused: how soon processing resumes after
    // the store recovers.
    private static readonly TimeSpan MaxRecordDelay = TimeSpan.FromSeconds(5);

    private readonly IClerkSyncStorage _storage;
    private readonly ClerkEventDispatcher _dispatcher;
    private readonly InboxSignal _signal;
    private readonly WorkerHeartbeat _heartbeat;
    private readonly StorageHealth _storageHealth;
    private readonly ClerkSyncMetrics _metrics;
    private readonly ClerkSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;

    public InboxWorker(
        IClerkSyncStorage storage,
        ClerkEventDispatcher dispatcher,
        InboxSignal signal,
        WorkerHeartbeat heartbeat,
        StorageHealth storageHealth,
        ClerkSyncMetrics metrics,
        IOptions<ClerkSyncOptions> options,
        TimeProvider time,
        ILogger<InboxWorker> logger)
    {
        _storage = storage;
        _dispatcher = dispatcher;
        _signal = signal;
        _heartbeat = heartbeat;
        _storageHealth = storageHealth;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _random = Random.Shared.NextDouble;
        InstanceId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>Gets this process's worker id prefix (<c>host:pid:random</c>); loop i uses <c>{InstanceId}/{i}</c>.</summary>
    public string InstanceId { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Workers == 0)
        {
            return;
        }

        // Leave StartAsync at once: the host goes on starting (Kestrel) while the loops run.
        await Task.Yield();
        Log.WorkersStarted(_logger, _options.Workers, _dispatcher.HandledTypes, InstanceId);
        var loops = new Task[_options.Workers];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = RunLoopAsync(i, stoppingToken);
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        Log.WorkersStopped(_logger);
    }

    private async Task RunLoopAsync(int index, CancellationToken stoppingToken)
    {
        var workerId = $"{InstanceId}/{index}";
        var inbox = _storage.Inbox;
        while (!stoppingToken.IsCancellationRequested)
        {
            _heartbeat.Beat(index, _time.GetUtcNow());
            IReadOnlyList<InboxMessage> claimed;
            try
            {
                claimed = await inbox.ClaimAsync(workerId, _options.BatchSize, _options.Lease, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _storageHealth.StoreFailed(workerId, ex);
                try
                {
                    await _signal.WaitAsync(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                continue;
            }

            if (claimed.Count > 0)
            {
                _storageHealth.Wrote();
            }
            else
            {
                try
                {
                    await _signal.WaitAsync(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                continue;
            }

            // Rows of one claim are distinct entities; event-time order keeps a batch readable in logs.
            var rows = claimed.OrderBy(m => m.EventTimestamp).ToArray();
            for (var i = 0; i < rows.Length; i++)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    await ReleaseAsync(rows[i..], workerId).ConfigureAwait(false);
                    break;
                }

                await ProcessAsync(rows[i], workerId, stoppingToken).ConfigureAwait(false);
            }

            // More rows may be due already: claim again without waiting.
            _signal.Notify();
        }
    }

    private async Task ProcessAsync(InboxMessage message, string workerId, CancellationToken stoppingToken)
    {
        using var process = ClerkSyncTracing.StartProcess(message);
        ClerkEvent evt;
        try
        {
            evt = ClerkSyncTracing.Step("clerksync.parse", () => ClerkEventAdapter.Parse(message.Body));
        }
        catch (Exception ex) when (ClerkEventAdapter.IsPermanentParseFailure(ex))
        {
            // A body that verified but does not parse will never parse: dead at once, not after every retry.
            await FailAsync(message, workerId, ex, permanent: true, stoppingToken).ConfigureAwait(false);
            return;
        }

        // The handler scope lives until the completion: EF Core handlers' changes are saved in its transaction (#11).
        var handled = HandledDelivery.None;
        try
        {
            var delivery = new ClerkDelivery(message.WebhookId, message.Attempts, message.ReceivedAt, message.EventType);
            await ClerkSyncTracing.StepAsync("clerksync.handlers", async () => handled = await _dispatcher.DispatchAsync(evt, delivery, stoppingToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync([message], workerId).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            await FailAsync(message, workerId, ex, permanent: false, stoppingToken).ConfigureAwait(false);
            return;
        }

        await using var handlerScope = handled.ConfigureAwait(false);
        bool? completed;
        var mirror = _storage.Mirror;
        try
        {
            completed = await RecordAsync(
                () => _storage.Inbox.CompleteAsync(
                    message,
                    workerId,
                    async (transaction, ct) =>
                    {
                        await ClerkSyncTracing.StepAsync("clerksync.mirror", () => mirror.ApplyAsync(evt, message.WebhookId, transaction, ct), process?.Context ?? default).ConfigureAwait(false);
                        await handled.CompleteAsync(transaction, ct).ConfigureAwait(false);
                    },
                    CancellationToken.None),
                message,
                workerId,
                stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The projection failed (not the store): an attempt like a handler's failure.
            await FailAsync(message, workerId, ex, permanent: false, stoppingToken).ConfigureAwait(false);
            return;
        }

        if (completed == true)
        {
            _metrics.Processed(message.EventType);
            Log.DeliveryProcessed(_logger, message.WebhookId, message.EventType, message.Attempts);
        }
        else if (completed == false)
        {
            Log.LeaseLost(_logger, message.WebhookId, message.EventType, _options.Lease);
        }
    }

    private async Task FailAsync(InboxMessage message, string workerId, Exception exception, bool permanent, CancellationToken stoppingToken)
    {
        ClerkSyncTracing.Failed(exception);
        var now = _time.GetUtcNow();
        var next = permanent ? null : RetryPolicy.NextAttemptAt(message.Attempts, _options.Retry, now, _random());
        var error = $"{exception.GetType().FullName}: {exception.Message}";
        if (error.Length > MaxErrorLength)
        {
            error = error[..MaxErrorLength];
        }

        bool? recorded;
        try
        {
            recorded = await RecordAsync(() => _storage.Inbox.FailAsync(message, workerId, error, next, CancellationToken.None), message, workerId, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception storeError)
        {
            // Not the store's unavailability (a bug): the lease expires and the row is claimed again.
            _storageHealth.StoreFailed(workerId, storeError);
            return;
        }

        if (recorded != true)
        {
            if (recorded == false)
            {
                Log.LeaseLost(_logger, message.WebhookId, message.EventType, _options.Lease);
            }

            return;
        }

        if (next is { } at)
        {
            _metrics.Retried(message.EventType);
            Log.AttemptFailed(_logger, message.WebhookId, message.EventType, message.Attempts, at, exception);
        }
        else
        {
            _metrics.Dead(message.EventType);
            Log.DeliveryDead(_logger, message.WebhookId, message.EventType, message.Attempts, exception);
        }
    }

    /// <summary>
    /// Records an outcome (<paramref name="write"/>: a completion or a failure) until the store takes it: while the
    /// store is unavailable (a full disk, a lock, a lost connection) the outcome waits here, so the outage never costs
    /// the event an attempt (issue #10). Other exceptions propagate. Returns the store's answer (false: the lease was
    /// lost), or null when shutdown came first (the row is then released if the store allows).
    /// </summary>
    private async Task<bool?> RecordAsync(Func<Task<bool>> write, InboxMessage message, string workerId, CancellationToken stoppingToken)
    {
        var delay = _options.PollInterval;
        while (true)
        {
            try
            {
                var written = await write().ConfigureAwait(false);
                if (written)
                {
                    _storageHealth.Wrote();
                }

                return written;
            }
            catch (Exception ex) when (StorageUnavailableException.IsStorageFault(ex))
            {
                _storageHealth.StoreFailed(workerId, ex);
            }

            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await ReleaseAsync([message], workerId).ConfigureAwait(false);
                return null;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRecordDelay.Ticks));
        }
    }

    private async Task ReleaseAsync(IReadOnlyCollection<InboxMessage> messages, string workerId)
    {
        try
        {
            await _storage.Inbox.ReleaseAsync(messages, workerId, CancellationToken.None).ConfigureAwait(false);
            Log.RowsReleased(_logger, messages.Count);
        }
        catch (Exception ex)
        {
            // Not released: the leases expire and the rows are claimed again after a restart.
            _storageHealth.StoreFailed(workerId, ex);
        }
    }
}

/// <summary>When each worker loop last went round, for /healthz.</summary>
internal sealed class WorkerHeartbeat
{
    private readonly long[] _beats = new long[64];

    /// <summary>Records that loop <paramref name="index"/> is alive.</summary>
    public void Beat(int index, DateTimeOffset now) => Volatile.Write(ref _beats[index], now.ToUnixTimeMilliseconds());

    /// <summary>Returns the oldest last beat among the first <paramref name="loops"/> loops, or null if one never beat.</summary>
    public DateTimeOffset? OldestBeat(int loops)
    {
        long oldest = long.MaxValue;
        for (var i = 0; i < loops; i++)
        {
            var beat = Volatile.Read(ref _beats[i]);
            if (beat == 0)
            {
                return null;
            }

            oldest = Math.Min(oldest, beat);
        }

        return loops == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(oldest);
    }
}
