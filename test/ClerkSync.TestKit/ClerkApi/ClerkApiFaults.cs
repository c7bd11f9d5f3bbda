using ClerkSync.BackendApi;

namespace ClerkSync.TestKit.ClerkApi;

/// <summary>How the stand-in answers a request that a fault takes.</summary>
public enum ClerkApiFaultKind
{
    /// <summary>An HTTP error status with Clerk's error body (5xx by default).</summary>
    Status,

    /// <summary>The connection is aborted before any answer (the client sees a reset).</summary>
    ResetBeforeAnswer,

    /// <summary>The answer's headers and part of its body are sent, then the connection is aborted.</summary>
    ResetMidBody,

    /// <summary>429 with a given <c>Retry-After</c>, whatever the configured rate limit.</summary>
    TooManyRequests,
}

/// <summary>Faults injected into the stand-in's next answers (thread-safe; each fault is used once).</summary>
public sealed class ClerkApiFaults
{
    private readonly Lock _lock = new();
    private readonly Queue<(ClerkApiFaultKind Kind, int Status, TimeSpan RetryAfter)> _next = new();
    private readonly Dictionary<ClerkApiResource, int> _skips = [];

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/> (503 by default).</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="status">The status (500, 502, 503, ...).</param>
    public void FailNext(int count, int status = 503) => Enqueue(count, ClerkApiFaultKind.Status, status, TimeSpan.Zero);

    /// <summary>Aborts the connection of the next <paramref name="count"/> requests.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="midBody">Abort after the headers and half the body instead of before any answer.</param>
    public void ResetNext(int count, bool midBody = false) =>
        Enqueue(count, midBody ? ClerkApiFaultKind.ResetMidBody : ClerkApiFaultKind.ResetBeforeAnswer, 0, TimeSpan.Zero);

    /// <summary>Answers the next <paramref name="count"/> requests 429 with <c>Retry-After</c> <paramref name="retryAfter"/> (whole seconds, as HTTP sends it).</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="retryAfter">The wait asked for.</param>
    public void RateLimitNext(int count, TimeSpan retryAfter) => Enqueue(count, ClerkApiFaultKind.TooManyRequests, 429, retryAfter);

    /// <summary>
    /// Makes the next list page of <paramref name="resource"/> skip one object, as a listing does when an object
    /// before the page's offset is deleted meanwhile: the page starts one object later (still full), so the object at
    /// the page boundary is never listed.
    /// </summary>
    /// <param name="resource">The list.</param>
    /// <param name="pages">How many pages, one skip each.</param>
    public void SkipRowOnNextPage(ClerkApiResource resource, int pages = 1)
    {
        lock (_lock)
        {
            _skips[resource] = _skips.GetValueOrDefault(resource) + pages;
        }
    }

    /// <summary>Removes every pending fault.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _next.Clear();
            _skips.Clear();
        }
    }

    internal (ClerkApiFaultKind Kind, int Status, TimeSpan RetryAfter)? TakeNext()
    {
        lock (_lock)
        {
            return _next.TryDequeue(out var fault) ? fault : null;
        }
    }

    internal bool TakeSkip(ClerkApiResource resource)
    {
        lock (_lock)
        {
            if (_skips.GetValueOrDefault(resource) <= 0)
            {
                return false;
            }

            _skips[resource]--;
            return true;
        }
    }

    private void Enqueue(int count, ClerkApiFaultKind kind, int status, TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _next.Enqueue((kind, status, retryAfter));
            }
        }
    }
}
