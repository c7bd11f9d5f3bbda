namespace ClerkSync.TestKit.ClerkApi;

/// <summary>One request the stand-in received.</summary>
/// <param name="Method">The method.</param>
/// <param name="Path">The path (<c>/v1/users</c>).</param>
/// <param name="Query">The query string, with its <c>?</c>, or empty.</param>
/// <param name="Time">When it arrived (the stand-in's <see cref="TimeProvider"/>).</param>
/// <param name="Status">The status answered (0 when the connection was aborted).</param>
public sealed record ClerkApiRequest(string Method, string Path, string Query, DateTimeOffset Time, int Status);

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
    /// <param name="requests">The requests to count (default: all).</param>
    /// <returns>The peak count.</returns>
    public int MaxInAnyWindow(TimeSpan window, IReadOnlyList<ClerkApiRequest>? requests = null)
    {
        var times = (requests ?? Requests).Select(r => r.Time).Order().ToArray();
        var peak = 0;
        for (int start = 0, end = 0; end < times.Length; end++)
        {
            while (times[end] - times[start] >= window)
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
