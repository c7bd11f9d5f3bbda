using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>How a user is linked to a directory (SCIM); sent only for users provisioned through one.</summary>
public sealed record ScimUserMetadata : ClerkModel
{
    /// <summary>Gets the directory id.</summary>
    [JsonPropertyName("directory_id")]
    public string? DirectoryId { get; init; }

    /// <summary>Gets a value indicating whether the directory is enabled (absent when false).</summary>
    [JsonPropertyName("directory_enabled")]
    public bool? DirectoryEnabled { get; init; }

    /// <summary>Gets the user's id in the directory.</summary>
    [JsonPropertyName("external_id")]
    public string? ExternalId { get; init; }
}
