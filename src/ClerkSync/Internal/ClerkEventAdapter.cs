using System.Text.Json;
using ClerkSync.Webhooks;

namespace ClerkSync.Internal;

/// <summary>The envelope fields the endpoint stores with a delivery.</summary>
/// <param name="Type">The event type as sent.</param>
/// <param name="Timestamp">The envelope timestamp in unix milliseconds.</param>
/// <param name="EntityKey">The ordering key (<c>user:user_123</c>), or null when the event has no <c>data.id</c>.</param>
internal readonly record struct DeliveryEnvelope(string Type, long Timestamp, string? EntityKey);

/// <summary>
/// The one place the runtime touches the event parser (issue #2's <c>ClerkEventEnvelope</c> and <c>ClerkEvents</c>).
/// TEMPORARY body until branch `events` lands on main: then TryReadEnvelope calls ClerkEventEnvelope.TryRead and Parse
/// calls ClerkEvents.Parse.
/// </summary>
internal static class ClerkEventAdapter
{
    public static bool TryReadEnvelope(ReadOnlySpan<byte> body, out DeliveryEnvelope envelope, out string? error)
    {
        envelope = default;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read() || reader.BytesConsumed != body.Length)
            {
                error = "malformed_json";
                return false;
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "not_an_object";
                return false;
            }

            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not { Length: > 0 } typeText)
            {
                error = "missing_type";
                return false;
            }

            if (!root.TryGetProperty("timestamp", out var ts) || !ts.TryGetInt64(out var timestamp))
            {
                error = "missing_timestamp";
                return false;
            }

            timestamp = timestamp < 100_000_000_000 ? timestamp * 1000 : timestamp;
            string? key = null;
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
                data.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                var dot = typeText.IndexOf('.', StringComparison.Ordinal);
                key = string.Concat(dot < 0 ? typeText : typeText[..dot], ":", id.GetString());
            }

            envelope = new DeliveryEnvelope(typeText, timestamp, key);
            error = null;
            return true;
        }
        catch (JsonException)
        {
            error = "malformed_json";
            return false;
        }
    }

    /// <summary>Parses a stored body into its typed event.</summary>
    /// <exception cref="FormatException">The body is not a Clerk event: a permanent failure.</exception>
    public static ClerkEvent Parse(ReadOnlyMemory<byte> body)
    {
        if (!TryReadEnvelope(body.Span, out var envelope, out var error))
        {
            throw new FormatException("The stored body is not a Clerk event: " + error);
        }

        return new PlaceholderClerkEvent { Type = envelope.Type, Timestamp = envelope.Timestamp };
    }

    /// <summary>Returns whether <paramref name="exception"/> from <see cref="Parse"/> means the body can never be parsed.</summary>
    public static bool IsPermanentParseFailure(Exception exception) => exception is FormatException;

    private sealed record PlaceholderClerkEvent : ClerkEvent;
}
