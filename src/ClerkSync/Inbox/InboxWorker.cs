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
/// honours cancellation, is released) and the rest of the claim is released.
/// </summary>
internal sealed class InboxWorker : BackgroundService
{
    private const int MaxErrorLength = 4000;

    private readonly IClerkSyncStorage _storage;
    private readonly ClerkEventDispatcher _dispatcher;
    private readonly InboxSignal _signal;
    private readonly WorkerHeartbeat _heartbeat;
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
        ClerkSyncMetrics metrics,
        IOptions<ClerkSyncOptions> options,
        TimeProvider time,
        ILogger<InboxWorker> logger)
    {
        _storage = storage;
        _dispatcher = dispatcher;
        _signal = signal;
        _heartbeat = heartbeat;
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
                Log.WorkerStoreError(_logger, workerId, ex);
                await _signal.WaitAsync(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (claimed.Count == 0)
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
        var inbox = _storage.Inbox;
        using var process = ClerkSyncTracing.StartProcess(message);
        ClerkEvent evt;
        try
        {
            evt = ClerkSyncTracing.Step("clerksync.parse", () => ClerkEventAdapter.Parse(message.Body));
        }
        catch (Exception ex) when (ClerkEventAdapter.IsPermanentParseFailure(ex))
        {
            // A body that verified but does not parse will never parse: dead at once, not after every retry.
            await FailAsync(message, workerId, ex, permanent: true).ConfigureAwait(false);
            return;
        }

        try
        {
            var delivery = new ClerkDelivery(message.WebhookId, message.Attempts, message.ReceivedAt, message.EventType);
            await ClerkSyncTracing.StepAsync("clerksync.handlers", () => _dispatcher.DispatchAsync(evt, delivery, stoppingToken)).ConfigureAwait(false);
            var mirror = _storage.Mirror;
            var completed = await inbox.CompleteAsync(
                message,
                workerId,
                (transaction, ct) => ClerkSyncTracing.StepAsync("clerksync.mirror", () => mirror.ApplyAsync(evt, message.WebhookId, transaction, ct), process?.Context ?? default),
                CancellationToken.None).ConfigureAwait(false);
            if (completed)
            {
                _metrics.Processed(message.EventType);
                Log.DeliveryProcessed(_logger, message.WebhookId, message.EventType, message.Attempts);
            }
            else
            {
                Log.LeaseLost(_logger, message.WebhookId, message.EventType, _options.Lease);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync([message], workerId).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await FailAsync(message, workerId, ex, permanent: false).ConfigureAwait(false);
        }
    }

    private async Task FailAsync(InboxMessage message, string workerId, Exception exception, bool permanent)
    {
        ClerkSyncTracing.Failed(exception);
        var now = _time.GetUtcNow();
        var next = permanent ? null : RetryPolicy.NextAttemptAt(message.Attempts, _options.Retry, now, _random());
        var error = $"{exception.GetType().FullName}: {exception.Message}";
        if (error.Length > MaxErrorLength)
        {
            error = error[..MaxErrorLength];
        }

        try
        {
            if (!await _storage.Inbox.FailAsync(message, workerId, error, next, CancellationToken.None).ConfigureAwait(false))
            {
                Log.LeaseLost(_logger, message.WebhookId, message.EventType, _options.Lease);
                return;
            }
        }
        catch (Exception storeError)
        {
            // The lease expires and the row is claimed again: the attempt is retried, not lost.
            Log.WorkerStoreError(_logger, workerId, storeError);
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
            Log.WorkerStoreError(_logger, workerId, ex);
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
