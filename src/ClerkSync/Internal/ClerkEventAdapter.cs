using ClerkSync.Webhooks;

namespace ClerkSync.Internal;

/// <summary>The envelope fields the endpoint stores with a delivery.</summary>
/// <param name="Type">The event type as sent.</param>
/// <param name="Timestamp">The envelope timestamp in unix milliseconds.</param>
/// <param name="EntityKey">The ordering key (<c>user:user_123</c>), or null when the event has no <c>data.id</c>.</param>
internal readonly record struct DeliveryEnvelope(string Type, long Timestamp, string? EntityKey);

/// <summary>The one place the runtime touches the event parser (issue #2's <see cref="ClerkEventEnvelope"/> and <see cref="ClerkEvents"/>).</summary>
internal static class ClerkEventAdapter
{
    /// <summary>The endpoint's cheap well-formedness check: one validating reader pass, no document built.</summary>
    public static bool TryReadEnvelope(ReadOnlySpan<byte> body, out DeliveryEnvelope envelope, out string? error)
    {
        if (!ClerkEventEnvelope.TryRead(body, out var read, out error))
        {
            envelope = default;
            return false;
        }

        envelope = new DeliveryEnvelope(read.Type, read.Timestamp, read.DataId is null ? null : read.EntityKey);
        return true;
    }

    /// <summary>Parses a stored body into its typed event.</summary>
    /// <exception cref="ClerkEventParseException">The body is not a Clerk event: a permanent failure.</exception>
    public static ClerkEvent Parse(ReadOnlyMemory<byte> body) => ClerkEvents.Parse(body.Span);

    /// <summary>Returns whether <paramref name="exception"/> from <see cref="Parse"/> means the body can never be parsed.</summary>
    public static bool IsPermanentParseFailure(Exception exception) => exception is ClerkEventParseException;
}
