namespace ClerkSync.Webhooks;

/// <summary>Unix-time helpers shared by the envelope reader and the events.</summary>
internal static class UnixTime
{
    /// <summary>Values below this are seconds, at or above it milliseconds (10^11 s is the year 5138).</summary>
    internal const long SecondsThreshold = 100_000_000_000;

    private static readonly long MinMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Normalises a Unix time sent in seconds or milliseconds to milliseconds.</summary>
    /// <param name="value">The value as sent.</param>
    /// <returns>Milliseconds.</returns>
    internal static long ToMilliseconds(long value) => value < SecondsThreshold ? value * 1000 : value;

    /// <summary>Converts Unix milliseconds to a <see cref="DateTimeOffset"/>, clamped to its range (never throws).</summary>
    /// <param name="milliseconds">Unix milliseconds.</param>
    /// <returns>The instant.</returns>
    internal static DateTimeOffset FromMilliseconds(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(milliseconds, MinMilliseconds, MaxMilliseconds));
}
