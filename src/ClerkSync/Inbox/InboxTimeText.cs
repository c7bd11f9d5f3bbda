using System.Globalization;

namespace ClerkSync.Inbox;

/// <summary>The time filters of <c>clerk-sync events</c> and the admin endpoints: an ISO 8601 time or an age.</summary>
internal static class InboxTimeText
{
    /// <summary>What <see cref="TryParse"/> accepts, for error messages.</summary>
    public const string Expected = "an ISO 8601 time or an age such as 30m, 2h, 7d";

    /// <summary>Parses an ISO 8601 time or an age such as <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>7d</c>.</summary>
    public static bool TryParse(string? text, TimeProvider time, out DateTimeOffset? since)
    {
        since = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        text = text.Trim();
        var unit = text[^1];
        // A finite, non-negative age that stays within the calendar (no "1e300d", "NaNh" or "-5d").
        if (char.IsLetter(unit)
            && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && unit switch { 's' => 1.0, 'm' => 60.0, 'h' => 3600.0, 'd' => 86400.0, _ => 0.0 } is var seconds and > 0
            && amount * seconds is var total and <= 100 * 365.25 * 86400)
        {
            since = time.GetUtcNow() - TimeSpan.FromSeconds(total);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            since = at;
            return true;
        }

        return false;
    }
}
