using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>Reads any JSON string into a <typeparamref name="T"/> and writes its <c>Value</c> back unchanged.</summary>
/// <typeparam name="T">The string enumeration.</typeparam>
internal sealed class ClerkStringEnumConverter<T> : JsonConverter<T>
    where T : struct, IClerkStringEnum<T>
{
    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? T.FromValue(reader.GetString()!)
            : throw new JsonException($"Expected a string for {typeof(T).Name}.");

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
