using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ClerkSync.Webhooks;

/// <summary>Parses Clerk webhook payloads into typed events and writes them back.</summary>
/// <remarks>
/// Parsing peeks at <c>type</c> with a forward reader, then deserialises with that type's source-generated metadata
/// (no polymorphic metadata, no buffering). An unknown type becomes an <see cref="UnknownClerkEvent"/>. Unknown fields
/// and enum values are kept, so <c>Serialize(Parse(x))</c> is JSON-equal to <c>x</c>.
/// </remarks>
public static class ClerkEvents
{
    /// <summary>Parses a webhook payload.</summary>
    /// <param name="json">The payload (UTF-8 JSON), as received.</param>
    /// <returns>The typed event (a sealed record per type), or an <see cref="UnknownClerkEvent"/>.</returns>
    /// <exception cref="ClerkEventParseException">The payload is not a Clerk event; see <see cref="ClerkEventParseException.Reason"/>.</exception>
    public static ClerkEvent Parse(ReadOnlySpan<byte> json) =>
        TryParseCore(json, out var error) ?? throw error!;

    /// <summary>Parses a webhook payload without throwing.</summary>
    /// <param name="json">The payload (UTF-8 JSON), as received.</param>
    /// <param name="evt">The event, when the result is <see langword="true"/>.</param>
    /// <param name="error">Why parsing failed, when the result is <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when the payload was parsed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> json, out ClerkEvent? evt, out ClerkEventParseException? error)
    {
        evt = TryParseCore(json, out error);
        return evt is not null;
    }

    /// <summary>Writes an event as JSON: what was parsed comes back JSON-equal (fields, nulls, timestamp unit).</summary>
    /// <param name="evt">The event.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(ClerkEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return JsonSerializer.Serialize(evt, ClerkJson.Options.GetTypeInfo(evt.GetType()));
    }

    /// <summary>Gets the event record for a wire type.</summary>
    /// <param name="wireType">The envelope's <c>type</c> (<c>user.created</c>, ...).</param>
    /// <returns>The sealed record type, or <see langword="null"/> when the type is unknown.</returns>
    public static Type? EventTypeFor(string wireType)
    {
        ArgumentNullException.ThrowIfNull(wireType);
        return ClerkEventRegistry.EventTypes.GetValueOrDefault(wireType);
    }

    private static ClerkEvent? TryParseCore(ReadOnlySpan<byte> json, out ClerkEventParseException? error)
    {
        var failure = EnvelopeReader.Read(json, out var fields, readData: false);
        if (failure is not null && failure is not ClerkEventEnvelope.MissingTimestamp and not ClerkEventEnvelope.InvalidTimestamp)
        {
            error = EnvelopeFailure(failure);
            return null;
        }

        var clrType = EventTypeFor(fields.Type!);
        var known = clrType is not null;
        var info = ClerkJson.Options.GetTypeInfo(clrType ?? typeof(UnknownClerkEvent));
        var name = known ? $"'{fields.Type}' event" : "event of an unknown type";
        ClerkEvent? evt;
        try
        {
            evt = (ClerkEvent?)JsonSerializer.Deserialize(json, info);
        }
        catch (JsonException ex)
        {
            // JsonException's message names the path and the CLR type, never the value; still, keep only the path.
            error = new ClerkEventParseException(
                ClerkEventParseReason.InvalidShape,
                $"The payload does not have the shape of a {name}: {Describe(ex)}",
                ex);
            return null;
        }

        if (evt?.UntypedData is null)
        {
            error = new ClerkEventParseException(ClerkEventParseReason.InvalidShape, $"The payload of a {name} has a null 'data'.");
            return null;
        }

        WireShapeMarker.Mark(json, evt, info);

        evt.RawJson = json.ToArray();
        error = null;
        return evt;
    }

    private static string Describe(JsonException ex) => ex.Path is { Length: > 0 } path
        ? $"a field is missing, null or of the wrong type at {path}."
        : "a required field is missing or null.";

    private static ClerkEventParseException EnvelopeFailure(string failure) => failure switch
    {
        ClerkEventEnvelope.NotAnObject => new(ClerkEventParseReason.NotAnObject, "The payload is JSON but its root is not an object."),
        ClerkEventEnvelope.MissingType => new(ClerkEventParseReason.MissingType, "The payload has no 'type' property."),
        ClerkEventEnvelope.InvalidType => new(ClerkEventParseReason.InvalidType, "The payload's 'type' is not a non-empty string."),
        ClerkEventEnvelope.InvalidUtf8 => new(ClerkEventParseReason.MalformedJson, "The payload is not valid UTF-8."),
        _ => new(ClerkEventParseReason.MalformedJson, "The payload is not well-formed JSON (truncated, trailing bytes or an invalid token)."),
    };
}
