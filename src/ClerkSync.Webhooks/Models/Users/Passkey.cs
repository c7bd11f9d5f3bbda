using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>One of a user's passkeys.</summary>
public sealed record Passkey : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object type (<c>passkey</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets when it was last used, in Unix milliseconds.</summary>
    [JsonPropertyName("last_used_at")]
    public long LastUsedAt { get; init; }

    /// <summary>Gets the verification.</summary>
    [JsonPropertyName("verification")]
    public Verification? Verification { get; init; }
}
