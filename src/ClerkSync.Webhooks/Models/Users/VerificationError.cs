using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The error of a failed verification.</summary>
public sealed record VerificationError : ClerkModel
{
    /// <summary>Gets the message.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>Gets the long message.</summary>
    [JsonPropertyName("long_message")]
    public string? LongMessage { get; init; }

    /// <summary>Gets the error code.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    /// <summary>Gets additional data, as sent.</summary>
    [JsonPropertyName("meta")]
    public JsonElement? Meta { get; init; }
}
