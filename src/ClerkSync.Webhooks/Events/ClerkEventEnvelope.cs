using System.Text.Json;
using System.Text.Unicode;

namespace ClerkSync.Webhooks;

/// <summary>
/// The few envelope fields the receiving endpoint needs for every delivery, read in one forward pass without building
/// a document: <see cref="TryRead"/> also checks that the whole body is well-formed JSON with an object root.
/// </summary>
/// <remarks>
/// Properties may come in any order (<c>type</c> after <c>data</c> is fine). Only the returned strings are allocated.
/// </remarks>
public readonly record struct ClerkEventEnvelope
{
    /// <summary>The reason code for a body that is not well-formed JSON (truncated, trailing bytes, bad token).</summary>
    public const string MalformedJson = "malformed_json";

    /// <summary>The reason code for a body that is not valid UTF-8.</summary>
    public const string InvalidUtf8 = "invalid_utf8";

    /// <summary>The reason code for a JSON document whose root is not an object.</summary>
    public const string NotAnObject = "not_an_object";

    /// <summary>The reason code for an envelope without a <c>type</c>.</summary>
    public const string MissingType = "missing_type";

    /// <summary>The reason code for a <c>type</c> that is not a non-empty string.</summary>
    public const string InvalidType = "invalid_type";

    /// <summary>The reason code for an envelope without a <c>timestamp</c>.</summary>
    public const string MissingTimestamp = "missing_timestamp";

    /// <summary>The reason code for a <c>timestamp</c> that is not an integer.</summary>
    public const string InvalidTimestamp = "invalid_timestamp";

    /// <summary>Gets the event type as sent (<c>user.created</c>, ...).</summary>
    public required string Type { get; init; }

    /// <summary>Gets the envelope's timestamp in Unix milliseconds (a value sent in seconds is converted).</summary>
    public required long Timestamp { get; init; }

    /// <summary>Gets <c>data.id</c>, or <see langword="null"/> when absent or not a string.</summary>
    public string? DataId { get; init; }

    /// <summary>Gets <c>data.object</c>, or <see langword="null"/> when absent or not a string.</summary>
    public string? DataObject { get; init; }

    /// <summary>Gets <c>data.updated_at</c> in Unix milliseconds, or <see langword="null"/> when absent or not an integer.</summary>
    public long? UpdatedAt { get; init; }

    /// <summary>
    /// Gets the ordering key of the entity the event is about: <c>{family}:{DataId}</c>, where the family is the part of
    /// <see cref="Type"/> before the first '.' (<c>user:user_123</c>). Ends with ':' when there is no <c>data.id</c>.
    /// </summary>
    public string EntityKey => string.Concat(Family, ":", DataId);

    private ReadOnlySpan<char> Family
    {
        get
        {
            var type = Type.AsSpan();
            var dot = type.IndexOf('.');
            return dot < 0 ? type : type[..dot];
        }
    }

    /// <summary>Reads the envelope of a delivery, validating that the whole body is well-formed JSON.</summary>
    /// <param name="json">The body as received (UTF-8).</param>
    /// <param name="envelope">The envelope, when the result is <see langword="true"/>.</param>
    /// <param name="error">
    /// A short reason code when the result is <see langword="false"/> (<see cref="MalformedJson"/>,
    /// <see cref="InvalidUtf8"/>, <see cref="NotAnObject"/>, <see cref="MissingType"/>, <see cref="InvalidType"/>,
    /// <see cref="MissingTimestamp"/>, <see cref="InvalidTimestamp"/>); never any payload content.
    /// </param>
    /// <returns><see langword="true"/> when the envelope was read.</returns>
    public static bool TryRead(ReadOnlySpan<byte> json, out ClerkEventEnvelope envelope, out string? error)
    {
        envelope = default;
        error = EnvelopeReader.Read(json, out var fields, readData: true);
        if (error is not null)
        {
            return false;
        }

        envelope = new ClerkEventEnvelope
        {
            Type = fields.Type!,
            Timestamp = fields.Timestamp,
            DataId = fields.DataId,
            DataObject = fields.DataObject,
            UpdatedAt = fields.UpdatedAt,
        };
        return true;
    }
}

/// <summary>The envelope fields found by <see cref="EnvelopeReader.Read"/>.</summary>
internal struct EnvelopeFields
{
    public string? Type;
    public long Timestamp;
    public string? DataId;
    public string? DataObject;
    public long? UpdatedAt;
}

/// <summary>One validating forward pass over a payload that picks out the envelope fields (shared by the parser).</summary>
internal static class EnvelopeReader
{
    /// <summary>Reads the envelope fields and validates the whole document.</summary>
    /// <param name="json">The payload.</param>
    /// <param name="fields">The fields found.</param>
    /// <param name="readData">Whether to read <c>data.id</c>, <c>data.object</c> and <c>data.updated_at</c>.</param>
    /// <returns><see langword="null"/> on success, otherwise a reason code from <see cref="ClerkEventEnvelope"/>.</returns>
    internal static string? Read(ReadOnlySpan<byte> json, out EnvelopeFields fields, bool readData)
    {
        fields = default;
        if (!Utf8.IsValid(json))
        {
            return ClerkEventEnvelope.InvalidUtf8;
        }

        var typeSeen = false;
        var typeIsString = false;
        var timestampSeen = false;
        var timestampIsInteger = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
            {
                return ClerkEventEnvelope.MalformedJson;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // Validate the rest first so that "[1," is malformed rather than merely not an object.
                reader.Skip();
                return reader.Read() ? ClerkEventEnvelope.MalformedJson : ClerkEventEnvelope.NotAnObject;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    typeSeen = true;
                    typeIsString = reader.TokenType == JsonTokenType.String;
                    fields.Type = typeIsString ? reader.GetString() : SkipValue(ref reader);
                }
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    reader.Read();
                    timestampSeen = true;
                    timestampIsInteger = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out fields.Timestamp);
                    SkipValue(ref reader);
                }
                else if (readData && reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    ReadData(ref reader, ref fields);
                }
                else
                {
                    reader.Read();
                    SkipValue(ref reader);
                }
            }

            // The root object is closed; anything but the end of input after it is trailing garbage (the reader
            // throws on a second value).
            if (reader.Read())
            {
                return ClerkEventEnvelope.MalformedJson;
            }
        }
        catch (JsonException)
        {
            return ClerkEventEnvelope.MalformedJson;
        }

        if (!typeSeen)
        {
            return ClerkEventEnvelope.MissingType;
        }

        if (!typeIsString || string.IsNullOrEmpty(fields.Type))
        {
            return ClerkEventEnvelope.InvalidType;
        }

        if (!timestampSeen)
        {
            return ClerkEventEnvelope.MissingTimestamp;
        }

        if (!timestampIsInteger)
        {
            return ClerkEventEnvelope.InvalidTimestamp;
        }

        fields.Timestamp = UnixTime.ToMilliseconds(fields.Timestamp);
        return null;
    }

    private static void ReadData(ref Utf8JsonReader reader, ref EnvelopeFields fields)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            SkipValue(ref reader);
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                fields.DataId = reader.TokenType == JsonTokenType.String ? reader.GetString() : SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                fields.DataObject = reader.TokenType == JsonTokenType.String ? reader.GetString() : SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("updated_at"u8))
            {
                reader.Read();
                fields.UpdatedAt = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var updatedAt)
                    ? UnixTime.ToMilliseconds(updatedAt)
                    : null;
                SkipValue(ref reader);
            }
            else
            {
                reader.Read();
                SkipValue(ref reader);
            }
        }
    }

    // Reads past the current value (validating it). Returns null so that callers can use it in an expression.
    private static string? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
