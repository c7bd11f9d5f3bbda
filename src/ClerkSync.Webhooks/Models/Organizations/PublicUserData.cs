using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The public data of an organization member.</summary>
public sealed record PublicUserData : ClerkModel
{
    /// <summary>Gets the user id.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    /// <summary>Gets the first name.</summary>
    [JsonPropertyName("first_name")]
    public string? FirstName { get; init; }

    /// <summary>Gets the last name.</summary>
    [JsonPropertyName("last_name")]
    public string? LastName { get; init; }

    /// <summary>Gets the profile image URL (deprecated: use ImageUrl).</summary>
    [JsonPropertyName("profile_image_url")]
    public string? ProfileImageUrl { get; init; }

    /// <summary>Gets the image URL.</summary>
    [JsonPropertyName("image_url")]
    public string? ImageUrl { get; init; }

    /// <summary>Gets a value indicating whether an image was uploaded.</summary>
    [JsonPropertyName("has_image")]
    public bool HasImage { get; init; }

    /// <summary>Gets the identifier (email address, phone number, ...).</summary>
    [JsonPropertyName("identifier")]
    public string? Identifier { get; init; }

    /// <summary>Gets the username.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Gets a value indicating whether the user is banned.</summary>
    [JsonPropertyName("banned")]
    public bool? Banned { get; init; }

    /// <summary>Gets a value indicating whether the user was deprovisioned.</summary>
    [JsonPropertyName("deprovisioned")]
    public bool? Deprovisioned { get; init; }
}
