using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The public data of an organization.</summary>
public sealed record PublicOrganizationData : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

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
}
