using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Sending;

/// <summary>How the sender delivers.</summary>
internal sealed record SenderOptions
{
    public required Uri Url { get; init; }

    public required string Secret { get; init; }

    /// <summary>Gets the number of requests in flight at once (and of pooled connections).</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Gets a value indicating whether failed attempts are retried on Svix's schedule (otherwise one attempt each).</summary>
    public bool Svix { get; init; }

    /// <summary>Gets the factor applied to Svix's delays and to Retry-After (1 = real time).</summary>
    public double SvixScale { get; init; } = 1;

    /// <summary>Gets how long an attempt may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = SvixSchedule.Timeout;
}

/// <summary>
/// Signs and POSTs planned deliveries like Svix: each attempt signed with a fresh timestamp and the same svix id, any
/// non-2xx, timeout or connection error retried on the (scaled) schedule in <c>--svix</c> mode, <c>Retry-After</c>
/// honoured, <c>webhook-delivery: abort-message</c> obeyed. Retries wait outside the worker pool, so a slow message does
/// not hold a connection. Doubles as the load generator of the benchmarks.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private const string AbortHeader = "webhook-delivery";
    private const string AbortValue = "abort-message";

    private readonly SenderOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly SendStatistics _stats = new();

    public WebhookSender(SenderOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        _options = options;
        _time = timeProvider;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = options.Timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("clerk-sync-send", "1.0"));
    }

    /// <summary>Gets the live counters, for progress lines while <see cref="RunAsync"/> runs.</summary>
    public SendStatistics Statistics => _stats;

    /// <summary>Called for every acknowledged (2xx) attempt with its svix id, from worker threads.</summary>
    public Action<string>? Acknowledged { get; init; }

    /// <summary>Delivers every planned delivery and returns when each has succeeded, been aborted or finally failed.</summary>
    public async Task RunAsync(IEnumerable<PlannedDelivery> plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var work = Channel.CreateUnbounded<Attempt>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
        using var completion = new CompletionTracker(work.Writer, Math.Max(_options.Concurrency * 8, 256));
        _stats.Start(_time);

        var workers = Enumerable.Range(0, _options.Concurrency)
            .Select(_ => Task.Run(() => WorkAsync(work.Reader, work.Writer, completion, cancellationToken), cancellationToken))
            .ToList();
        try
        {
            foreach (var delivery in plan)
            {
                await completion.AdmitAsync(cancellationToken).ConfigureAwait(false);
                _stats.Planned(delivery.IsDuplicate);
                work.Writer.TryWrite(new Attempt(delivery, 1));
            }

            completion.ProducerDone();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            work.Writer.TryComplete();
            _stats.Stop(_time);
        }
    }

    private async Task WorkAsync(ChannelReader<Attempt> reader, ChannelWriter<Attempt> writer, CompletionTracker completion, CancellationToken cancellationToken)
    {
        await foreach (var attempt in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var outcome = await SendAsync(attempt, cancellationToken).ConfigureAwait(false);
            switch (outcome.Kind)
            {
                case OutcomeKind.Acknowledged:
                    Acknowledged?.Invoke(attempt.Delivery.MessageId);
                    completion.Finished();
                    break;
                case OutcomeKind.Aborted:
                    _stats.Aborted();
                    completion.Finished();
                    break;
                case OutcomeKind.Retryable when _options.Svix && attempt.Number < SvixSchedule.MaxAttempts:
                    _stats.RetryScheduled();
                    _ = RetryLaterAsync(attempt with { Number = attempt.Number + 1 }, outcome.RetryAfter, writer, cancellationToken);
                    break;
                default:
                    _stats.Failed(outcome.Reason);
                    completion.Finished();
                    break;
            }
        }
    }

    private async Task RetryLaterAsync(Attempt next, TimeSpan? retryAfter, ChannelWriter<Attempt> writer, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(SvixSchedule.DelayBefore(next.Number, _options.SvixScale, retryAfter), _time, cancellationToken).ConfigureAwait(false);
            _stats.RetryStarted();
            writer.TryWrite(next);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run was cancelled; the summary reports what was done.
        }
    }

    private async Task<Outcome> SendAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        var delivery = attempt.Delivery;
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url)
        {
            Content = new ByteArrayContent(delivery.Body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("svix-id", delivery.MessageId);
        request.Headers.TryAddWithoutValidation("svix-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("svix-signature", WebhookSigner.Sign(_options.Secret, delivery.MessageId, timestamp, delivery.Body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var started = _time.GetTimestamp();
        _stats.RequestStarted(attempt.Number > 1);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            string? errorCode = null;
            if (status is < 200 or > 299)
            {
                errorCode = await ReadErrorCodeAsync(response, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                // Drain the (small) body so that the connection goes back to the pool.
                await response.Content.CopyToAsync(Stream.Null, timeout.Token).ConfigureAwait(false);
            }

            _stats.Responded(status, _time.GetElapsedTime(started));
            if (status is >= 200 and <= 299)
            {
                return new(OutcomeKind.Acknowledged);
            }

            if (response.Headers.TryGetValues(AbortHeader, out var values) && values.Any(v => v.Trim().Equals(AbortValue, StringComparison.OrdinalIgnoreCase)))
            {
                return new(OutcomeKind.Aborted);
            }

            return new(OutcomeKind.Retryable, errorCode is null ? $"HTTP {status}" : $"HTTP {status} {errorCode}", RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _stats.NoResponse();
            return new(OutcomeKind.Retryable, $"timeout after {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            _stats.NoResponse();
            return new(OutcomeKind.Retryable, e.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => $"cannot connect to {_options.Url.GetLeftPart(UriPartial.Authority)}",
                HttpRequestError.ResponseEnded => "connection closed before a response",
                _ => $"request failed ({e.HttpRequestError})",
            });
        }
        catch (IOException)
        {
            _stats.NoResponse();
            return new(OutcomeKind.Retryable, "connection closed before a response");
        }
    }

    /// <summary>The <c>error</c> member of a JSON error body (<c>{"error": code, "message": ...}</c>), if any; never the body itself.</summary>
    private static async Task<string?> ReadErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length is 0 or > 64 * 1024)
            {
                return null;
            }

            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String
                && error.GetString() is { Length: <= 64 } code
                ? code
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is { Ticks: > 0 } wait ? wait : TimeSpan.Zero,
        _ => null,
    };

    public void Dispose() => _http.Dispose();

    private enum OutcomeKind
    {
        Acknowledged,
        Aborted,
        Retryable,
    }

    private readonly record struct Outcome(OutcomeKind Kind, string Reason = "", TimeSpan? RetryAfter = null);

    private sealed record Attempt(PlannedDelivery Delivery, int Number);

    /// <summary>
    /// Bounds the messages in progress (so a plan of millions does not sit in memory) and completes the work channel when
    /// the producer is done and every admitted message has finished.
    /// </summary>
    private sealed class CompletionTracker(ChannelWriter<Attempt> writer, int maxInProgress) : IDisposable
    {
        private readonly SemaphoreSlim _slots = new(maxInProgress, maxInProgress);
        private int _inProgress;
        private volatile bool _producerDone;

        public async Task AdmitAsync(CancellationToken cancellationToken)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _inProgress);
        }

        public void Finished()
        {
            _slots.Release();
            if (Interlocked.Decrement(ref _inProgress) == 0 && _producerDone)
            {
                writer.TryComplete();
            }
        }

        public void ProducerDone()
        {
            _producerDone = true;
            if (Volatile.Read(ref _inProgress) == 0)
            {
                writer.TryComplete();
            }
        }

        public void Dispose() => _slots.Dispose();
    }
}

/// <summary>Live, thread-safe counters of a send run; <see cref="Snapshot"/> freezes them for progress and the summary.</summary>
internal sealed class SendStatistics
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private long _messages;
    private long _duplicates;
    private long _requests;
    private long _retries;
    private long _acknowledged;
    private long _noResponse;
    private long _failed;
    private long _aborted;
    private long _waitingToRetry;
    private long _started;
    private long _stopped;
    private TimeProvider _time = TimeProvider.System;

    public LatencyHistogram Latency { get; } = new();

    public void Start(TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
    }

    public void Stop(TimeProvider time) => _stopped = time.GetTimestamp();

    public void Planned(bool duplicate)
    {
        Interlocked.Increment(ref _messages);
        if (duplicate)
        {
            Interlocked.Increment(ref _duplicates);
        }
    }

    public void RequestStarted(bool retry)
    {
        Interlocked.Increment(ref _requests);
        if (retry)
        {
            Interlocked.Increment(ref _retries);
        }
    }

    public void Responded(int status, TimeSpan latency)
    {
        Latency.Record(latency);
        _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (status is >= 200 and <= 299)
        {
            Interlocked.Increment(ref _acknowledged);
        }
    }

    public void NoResponse() => Interlocked.Increment(ref _noResponse);

    public void RetryScheduled() => Interlocked.Increment(ref _waitingToRetry);

    public void RetryStarted() => Interlocked.Decrement(ref _waitingToRetry);

    public void Aborted() => Interlocked.Increment(ref _aborted);

    public void Failed(string reason)
    {
        Interlocked.Increment(ref _failed);
        _failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
    }

    public SendSnapshot Snapshot()
    {
        var end = Interlocked.Read(ref _stopped) is > 0 and var stopped ? stopped : _time.GetTimestamp();
        return new SendSnapshot
        {
            Messages = Interlocked.Read(ref _messages),
            Duplicates = Interlocked.Read(ref _duplicates),
            Requests = Interlocked.Read(ref _requests),
            Retries = Interlocked.Read(ref _retries),
            Acknowledged = Interlocked.Read(ref _acknowledged),
            NoResponse = Interlocked.Read(ref _noResponse),
            Failed = Interlocked.Read(ref _failed),
            Aborted = Interlocked.Read(ref _aborted),
            WaitingToRetry = Interlocked.Read(ref _waitingToRetry),
            Elapsed = _started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_started, end),
            P50 = Latency.Percentile(50),
            P90 = Latency.Percentile(90),
            P99 = Latency.Percentile(99),
            Max = Latency.Max,
            Failures = new SortedDictionary<string, int>(_failures, StringComparer.Ordinal),
            StatusCodes = new SortedDictionary<int, int>(_statuses),
        };
    }
}

/// <summary>A frozen view of a run's counters.</summary>
internal sealed record SendSnapshot
{
    /// <summary>Gets the messages admitted so far, duplicates included.</summary>
    public long Messages { get; init; }

    public long Duplicates { get; init; }

    /// <summary>Gets the HTTP attempts started (first attempts and retries).</summary>
    public long Requests { get; init; }

    public long Retries { get; init; }

    /// <summary>Gets the attempts answered with a 2xx.</summary>
    public long Acknowledged { get; init; }

    /// <summary>Gets the attempts that got no response (timeout, connection refused or reset).</summary>
    public long NoResponse { get; init; }

    /// <summary>Gets the messages that finally failed (after every retry in --svix mode).</summary>
    public long Failed { get; init; }

    /// <summary>Gets the messages whose retries the receiver stopped with <c>webhook-delivery: abort-message</c>.</summary>
    public long Aborted { get; init; }

    public long WaitingToRetry { get; init; }

    public TimeSpan Elapsed { get; init; }

    public TimeSpan P50 { get; init; }

    public TimeSpan P90 { get; init; }

    public TimeSpan P99 { get; init; }

    public TimeSpan Max { get; init; }

    public required IReadOnlyDictionary<string, int> Failures { get; init; }

    public required IReadOnlyDictionary<int, int> StatusCodes { get; init; }

    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;

    /// <summary>Gets whether attempts were made and none got any response: nothing reached a receiver.</summary>
    public bool NothingAnswered => Requests > 0 && NoResponse == Requests;
}
