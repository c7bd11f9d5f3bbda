namespace ClerkSync.Cli.Sending;

/// <summary>
/// Svix's retry schedule as Clerk uses it: the first attempt immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
/// 10 h (8 attempts, about 27.5 hours). A scale factor compresses it for tests: 0.001 turns 5 s into 5 ms.
/// </summary>
internal static class SvixSchedule
{
    /// <summary>The delay before each attempt; index 0 is the first attempt.</summary>
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.Zero,
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    /// <summary>Svix waits this long for a response before counting the attempt as failed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static int MaxAttempts => Delays.Count;

    /// <summary>The delay before attempt <paramref name="attempt"/> (1-based), scaled; a Retry-After asks for at least its own delay.</summary>
    public static TimeSpan DelayBefore(int attempt, double scale, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attempt, MaxAttempts);
        var delay = Delays[attempt - 1];
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }

        return TimeSpan.FromTicks((long)(delay.Ticks * scale));
    }
}
