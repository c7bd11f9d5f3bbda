namespace ClerkSync.TestKit.ClerkApi;

/// <summary>One request the stand-in received.</summary>
/// <param name="Method">The method.</param>
/// <param name="Path">The path (<c>/v1/users</c>).</param>
/// <param name="Query">The query string, with its <c>?</c>, or empty.</param>
/// <param name="Time">When it arrived (the stand-in's <see cref="TimeProvider"/>).</param>
/// <param name="Status">The status answered (0 when the connection was aborted).</param>
/// <param name="RetryAfter">The <c>Retry-After</c> sent with a 429, else <see langword="null"/>.</param>
public sealed record ClerkApiRequest(string Method, string Path, string Query, DateTimeOffset Time, int Status, TimeSpan? RetryAfter = null);

/// <summary>Every request the stand-in received, in arrival order (thread-safe).</summary>
public sealed class ClerkApiRequestLog
{
    private readonly Lock _lock = new();
    private readonly List<ClerkApiRequest> _requests = [];

    /// <summary>Gets a snapshot of the requests.</summary>
    public IReadOnlyList<ClerkApiRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Gets how many requests arrived.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Forgets every request.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    /// <summary>
    /// Gets the most requests that arrived within any interval of length <paramref name="window"/> (a sliding window
    /// over arrival times): what a pacing test asserts.
    /// </summary>
    /// <param name="window">The interval.</param>
    /// <returns>The peak count.</returns>
    public int MaxInAnyWindow(TimeSpan window) => MaxInAnyWindow(Requests.Select(r => r.Time), window);

    /// <summary>Gets the most of <paramref name="times"/> that fall within any interval of length <paramref name="window"/>.</summary>
    /// <param name="times">The times, in any order.</param>
    /// <param name="window">The interval.</param>
    /// <returns>The peak count.</returns>
    public static int MaxInAnyWindow(IEnumerable<DateTimeOffset> times, TimeSpan window)
    {
        var sorted = times.Order().ToArray();
        var peak = 0;
        for (int start = 0, end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            peak = Math.Max(peak, end - start + 1);
        }

        return peak;
    }

    internal void Add(ClerkApiRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }
}
