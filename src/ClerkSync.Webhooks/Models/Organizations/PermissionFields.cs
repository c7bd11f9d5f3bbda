using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The members of a permission that every shape of it has (the full permission and the data of <c>permission.deleted</c>).</summary>
public abstract record PermissionFields : ClerkModel
{
    /// <summary>Initializes a new instance of the <see cref="PermissionFields"/> class.</summary>
    private protected PermissionFields()
    {
    }

    /// <summary>Gets the object type (<c>permission</c>).</summary>
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

    /// <summary>Gets the type (<c>system</c>, <c>custom</c>).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }
}
