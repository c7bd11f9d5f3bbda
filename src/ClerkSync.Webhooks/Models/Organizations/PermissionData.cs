using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>An organization permission (<c>permission.created</c>, <c>permission.updated</c>, and within a role).</summary>
public sealed record PermissionData : PermissionFields
{
    /// <summary>Gets the permission id (<c>perm_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }
}
