using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>An application invitation (sent to a waitlist entry).</summary>
public sealed record InvitationData : ClerkModel
{
    /// <summary>Gets the object type (<c>invitation</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the email address.</summary>
    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; init; }

    /// <summary>Gets the public metadata (readable by the frontend), as sent.</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement? PublicMetadata { get; init; }

    /// <summary>Gets a value indicating whether it was revoked.</summary>
    [JsonPropertyName("revoked")]
    public bool? Revoked { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public InvitationStatus? Status { get; init; }

    /// <summary>Gets the URL to accept the invitation.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }

    /// <summary>Gets when it expires, in Unix milliseconds.</summary>
    [JsonPropertyName("expires_at")]
    public long? ExpiresAt { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }
}
