using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The data of <c>permission.deleted</c>: a deleted object (<c>id</c>, <c>deleted</c>) or the full last permission, so every member is optional.</summary>
public sealed record PermissionDeletedData : PermissionFields
{
    /// <summary>Gets the permission id (<c>perm_...</c>).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets a value indicating whether the permission was deleted (the deleted-object shape).</summary>
    [JsonPropertyName("deleted")]
    public bool? Deleted { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long? UpdatedAt { get; init; }
}
