using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A link from an identification to the external account it came from.</summary>
public sealed record IdentificationLink : ClerkModel
{
    /// <summary>Gets the link type (<c>oauth_google</c>, ...).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Gets the id of the linked account.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }
}
