using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>An invitation to an organization (<c>organizationInvitation.*</c>).</summary>
public sealed record OrganizationInvitationData : ClerkModel
{
    /// <summary>Gets the object type (<c>organization_invitation</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the invitation id (<c>orginv_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the invited email address.</summary>
    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; init; }

    /// <summary>Gets the role key (<c>org:admin</c>, ...).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>Gets the role name.</summary>
    [JsonPropertyName("role_name")]
    public string? RoleName { get; init; }

    /// <summary>Gets the organization id.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>Gets the id of the user who sent the invitation.</summary>
    [JsonPropertyName("inviter_id")]
    public string? InviterId { get; init; }

    /// <summary>Gets the public data of the inviter.</summary>
    [JsonPropertyName("public_inviter_data")]
    public PublicInviterData? PublicInviterData { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public InvitationStatus? Status { get; init; }

    /// <summary>Gets the public metadata (readable by the frontend), as sent.</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement? PublicMetadata { get; init; }

    /// <summary>Gets the private metadata (backend only), as sent.</summary>
    [JsonPropertyName("private_metadata")]
    public JsonElement? PrivateMetadata { get; init; }

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

    /// <summary>Gets the id of the user who accepted the invitation (<c>organizationInvitation.accepted</c>).</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    /// <summary>Gets the extra data of the invitation.</summary>
    [JsonPropertyName("data")]
    public OrganizationInvitationDetails? Data { get; init; }
}
