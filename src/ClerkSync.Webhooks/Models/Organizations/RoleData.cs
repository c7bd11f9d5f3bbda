using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>An organization role (<c>role.created</c>, <c>role.updated</c>).</summary>
public sealed record RoleData : RoleFields
{
    /// <summary>Gets the role id (<c>role_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }
}
