using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The members of a role that every shape of it has (the full role and the data of <c>role.deleted</c>).</summary>
public abstract record RoleFields : ClerkModel
{
    /// <summary>Initializes a new instance of the <see cref="RoleFields"/> class.</summary>
    private protected RoleFields()
    {
    }

    /// <summary>Gets the object type (<c>role</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the key.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>Gets the description.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Gets a value indicating whether the role can be the creator role of an organization.</summary>
    [JsonPropertyName("is_creator_eligible")]
    public bool? IsCreatorEligible { get; init; }

    /// <summary>Gets the permissions.</summary>
    [JsonPropertyName("permissions")]
    public IReadOnlyList<PermissionData>? Permissions { get; init; }
}
