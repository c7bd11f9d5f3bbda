using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>An organization (<c>organization.*</c>, and embedded in a membership).</summary>
public sealed record OrganizationData : ClerkModel
{
    /// <summary>Gets the object type (<c>organization</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the organization id (<c>org_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the slug.</summary>
    [JsonPropertyName("slug")]
    public string? Slug { get; init; }

    /// <summary>Gets the image URL.</summary>
    [JsonPropertyName("image_url")]
    public string? ImageUrl { get; init; }

    /// <summary>Gets a value indicating whether an image was uploaded.</summary>
    [JsonPropertyName("has_image")]
    public bool HasImage { get; init; }

    /// <summary>Gets the number of members.</summary>
    [JsonPropertyName("members_count")]
    public int? MembersCount { get; init; }

    /// <summary>Gets a value indicating whether no member holds elevated permissions.</summary>
    [JsonPropertyName("missing_member_with_elevated_permissions")]
    public bool? MissingMemberWithElevatedPermissions { get; init; }

    /// <summary>Gets the number of pending invitations.</summary>
    [JsonPropertyName("pending_invitations_count")]
    public int? PendingInvitationsCount { get; init; }

    /// <summary>Gets the most members allowed (0: unlimited).</summary>
    [JsonPropertyName("max_allowed_memberships")]
    public int MaxAllowedMemberships { get; init; }

    /// <summary>Gets a value indicating whether admins may delete the organization.</summary>
    [JsonPropertyName("admin_delete_enabled")]
    public bool AdminDeleteEnabled { get; init; }

    /// <summary>Gets the public metadata (readable by the frontend), as sent.</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement? PublicMetadata { get; init; }

    /// <summary>Gets the private metadata (backend only), as sent.</summary>
    [JsonPropertyName("private_metadata")]
    public JsonElement? PrivateMetadata { get; init; }

    /// <summary>Gets the id of the user who created it.</summary>
    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }

    /// <summary>Gets the latest activity, in Unix milliseconds.</summary>
    [JsonPropertyName("last_active_at")]
    public long? LastActiveAt { get; init; }

    /// <summary>Gets the key of the role set assigned to it.</summary>
    [JsonPropertyName("role_set_key")]
    public string? RoleSetKey { get; init; }
}
