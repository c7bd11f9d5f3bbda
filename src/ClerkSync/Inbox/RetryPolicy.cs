namespace ClerkSync.Inbox;

/// <summary>Capped exponential backoff with jitter (STYLE 16); pure functions so the schedule is tested directly.</summary>
internal static class RetryPolicy
{
    /// <summary>Returns the delay after failed attempt <paramref name="attempt"/> (1-based).</summary>
    /// <param name="attempt">The attempt that failed.</param>
    /// <param name="options">The policy.</param>
    /// <param name="random">A number in [0, 1) from the randomizer seam; ignored without jitter.</param>
    /// <returns><c>min(MaxDelay, BaseDelay * 2^(attempt-1))</c>, and with jitter a uniform value between half of it and all of it.</returns>
    public static TimeSpan GetDelay(int attempt, ClerkSyncRetryOptions options, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 62);
        var ticks = Math.Min(options.BaseDelay.Ticks * Math.Pow(2, exponent), options.MaxDelay.Ticks);
        if (options.UseJitter)
        {
            // "Equal jitter": at least half the delay, so retries never bunch up at zero after an outage.
            ticks = (ticks / 2) + (Math.Clamp(random, 0, 1) * ticks / 2);
        }

        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Returns when to try again after failed attempt <paramref name="attempt"/>, or null when the row is dead.</summary>
    public static DateTimeOffset? NextAttemptAt(int attempt, ClerkSyncRetryOptions options, DateTimeOffset now, double random) =>
        attempt >= options.MaxAttempts ? null : now + GetDelay(attempt, options, random);
}
