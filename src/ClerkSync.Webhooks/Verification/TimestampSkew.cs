using System.Globalization;

namespace ClerkSync.Webhooks;

/// <summary>
/// The one wording of a timestamp outside the tolerance (issue #10), shared by the verifier's message (the 401 body)
/// and <c>clerk-sync verify</c>: the exact age or lead in seconds, how far past the tolerance it is, and which clock is
/// which way.
/// </summary>
internal static class TimestampSkew
{
    /// <summary>Describes a skew outside the tolerance.</summary>
    /// <param name="skewSeconds">The delivery's timestamp minus this clock (negative: the delivery is older).</param>
    /// <param name="toleranceSeconds">The tolerance, in seconds.</param>
    /// <returns>A sentence, never containing anything but numbers from the delivery.</returns>
    public static string Describe(long skewSeconds, long toleranceSeconds)
    {
        var past = Seconds(Math.Abs(skewSeconds) - toleranceSeconds);
        return skewSeconds < 0
            ? $"The delivery is {Seconds(-skewSeconds)} old, {past} past the {toleranceSeconds}-second tolerance: its svix-timestamp is behind this clock, so it was replayed or delayed (a captured delivery verifies only within the tolerance), or this machine's clock is ahead (check NTP)."
            : $"The delivery is dated {Seconds(skewSeconds)} in the future, {past} past the {toleranceSeconds}-second tolerance: its svix-timestamp is ahead of this clock, so the sender's clock is ahead or this machine's clock is behind (check NTP).";
    }

    /// <summary>Exact seconds, with a rounded larger unit beside long ones: <c>1 second</c>, <c>10800 seconds (3 hours)</c>.</summary>
    /// <param name="seconds">A non-negative number of seconds.</param>
    /// <returns>The text.</returns>
    public static string Seconds(long seconds)
    {
        var exact = seconds == 1 ? "1 second" : string.Create(CultureInfo.InvariantCulture, $"{seconds} seconds");
        return seconds switch
        {
            < 120 => exact,
            < 2 * 3600 => string.Create(CultureInfo.InvariantCulture, $"{exact} ({seconds / 60.0:0.#} minutes)"),
            < 2 * 86400 => string.Create(CultureInfo.InvariantCulture, $"{exact} ({seconds / 3600.0:0.#} hours)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{exact} ({seconds / 86400.0:0.#} days)"),
        };
    }
}
