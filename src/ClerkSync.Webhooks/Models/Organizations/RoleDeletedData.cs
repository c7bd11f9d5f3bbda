using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The data of <c>role.deleted</c>: a deleted object (<c>id</c>, <c>deleted</c>) or the full last role, so every member is optional.</summary>
public sealed record RoleDeletedData : RoleFields
{
    /// <summary>Gets the role id (<c>role_...</c>).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets a value indicating whether the role was deleted (the deleted-object shape).</summary>
    [JsonPropertyName("deleted")]
    public bool? Deleted { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long? UpdatedAt { get; init; }
}
