using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A user's membership in an organization (<c>organizationMembership.*</c>; a delete carries the last state).</summary>
public sealed record OrganizationMembershipData : ClerkModel
{
    /// <summary>Gets the membership id (<c>orgmem_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the object type (<c>organization_membership</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the role key (<c>org:admin</c>, ...).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>Gets the role name.</summary>
    [JsonPropertyName("role_name")]
    public string? RoleName { get; init; }

    /// <summary>Gets the permission keys.</summary>
    [JsonPropertyName("permissions")]
    public IReadOnlyList<string>? Permissions { get; init; }

    /// <summary>Gets the public metadata (readable by the frontend), as sent.</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement? PublicMetadata { get; init; }

    /// <summary>Gets the private metadata (backend only), as sent.</summary>
    [JsonPropertyName("private_metadata")]
    public JsonElement? PrivateMetadata { get; init; }

    /// <summary>Gets the organization.</summary>
    [JsonPropertyName("organization")]
    public OrganizationData? Organization { get; init; }

    /// <summary>Gets the public data of the member.</summary>
    [JsonPropertyName("public_user_data")]
    public PublicUserData? PublicUserData { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }
}
