using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.BackendApi;

/// <summary>
/// The one gate every request of this secret key passes (a singleton): a client-side pace of
/// <see cref="ClerkBackendApiOptions.RequestsPerWindow"/> per <see cref="ClerkBackendApiOptions.Window"/>, and after a
/// 429 a closed gate until its <c>Retry-After</c> has passed, for concurrent requests too (Clerk's limit is per key).
/// </summary>
/// <remarks>
/// The pace is a <see cref="SlidingWindowRateLimiter"/> advanced by a timer of the injected <see cref="TimeProvider"/>.
/// Such a limiter hands a permit back between <c>S - 1</c> and <c>S</c> segments after it was taken, so its window is
/// <see cref="Segments"/> segments of <c>Window / (Segments - 1)</c>: then no interval of length <c>Window</c> ever
/// holds more than <c>RequestsPerWindow</c> starts, at a cost of 1/<see cref="Segments"/> of the throughput.
/// </remarks>
internal sealed partial class ClerkRateGate : IDisposable
{
    /// <summary>The pace's segments per window.</summary>
    internal const int Segments = 50;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SlidingWindowRateLimiter _pace;
    private readonly ITimer _replenish;
    private long _closedUntilTicks;

    public ClerkRateGate(IOptions<ClerkBackendApiOptions> options, TimeProvider time, ILogger<ClerkRateGate> logger)
    {
        var o = options.Value;
        _time = time;
        _logger = logger;
        var segment = o.Window / (Segments - 1);
        _pace = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = o.RequestsPerWindow,
            Window = segment * Segments,
            SegmentsPerWindow = Segments,
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _replenish = time.CreateTimer(static state => ((SlidingWindowRateLimiter)state!).TryReplenish(), _pace, segment, segment);
    }

    /// <summary>Gets how long the gate stays closed by the last <c>Retry-After</c> (zero when open).</summary>
    public TimeSpan ClosedFor
    {
        get
        {
            var left = Interlocked.Read(ref _closedUntilTicks) - _time.GetUtcNow().UtcTicks;
            return left > 0 ? TimeSpan.FromTicks(left) : TimeSpan.Zero;
        }
    }

    /// <summary>Waits until a request may start: the gate open and a permit of the pace taken.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The permit (hold it for the attempt; disposing it does not give it back before the window has slid past).</returns>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            for (var wait = ClosedFor; wait > TimeSpan.Zero; wait = ClosedFor)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            var lease = await _pace.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                throw new InvalidOperationException("The Clerk Backend API pace refused a permit; its queue is unbounded, so this is a bug.");
            }

            // A 429 may have closed the gate while this request queued for its permit: the permit is spent, wait again.
            if (ClosedFor == TimeSpan.Zero)
            {
                return lease;
            }

            lease.Dispose();
        }
    }

    /// <summary>Closes the gate for <paramref name="retryAfter"/> from now (never shortening an earlier close).</summary>
    /// <param name="retryAfter">Clerk's <c>Retry-After</c>.</param>
    public void Close(TimeSpan retryAfter)
    {
        var until = _time.GetUtcNow().UtcTicks + Math.Max(0, retryAfter.Ticks);
        var current = Interlocked.Read(ref _closedUntilTicks);
        while (until > current)
        {
            var seen = Interlocked.CompareExchange(ref _closedUntilTicks, until, current);
            if (seen == current)
            {
                LogClosed(_logger, retryAfter);
                return;
            }

            current = seen;
        }
    }

    public void Dispose()
    {
        _replenish.Dispose();
        _pace.Dispose();
    }

    [LoggerMessage(BackendApiEventId.RateLimited, LogLevel.Warning, "The Clerk Backend API answered 429: no request of this secret key starts for {RetryAfter}")]
    private static partial void LogClosed(ILogger logger, TimeSpan retryAfter);
}
