using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>One of a user's OAuth accounts.</summary>
public sealed record ExternalAccount : ClerkModel
{
    /// <summary>Gets the object type (<c>external_account</c>, ...).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the provider (<c>oauth_google</c>, ...).</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>Gets the id of the identification it created.</summary>
    [JsonPropertyName("identification_id")]
    public string? IdentificationId { get; init; }

    /// <summary>Gets the user's id at the provider.</summary>
    [JsonPropertyName("provider_user_id")]
    public string? ProviderUserId { get; init; }

    /// <summary>Gets the approved scopes, space separated.</summary>
    [JsonPropertyName("approved_scopes")]
    public string? ApprovedScopes { get; init; }

    /// <summary>Gets the email address.</summary>
    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; init; }

    /// <summary>Gets a value indicating whether the provider verified the email address (null: unknown).</summary>
    [JsonPropertyName("email_address_verified")]
    public bool? EmailAddressVerified { get; init; }

    /// <summary>Gets the first name.</summary>
    [JsonPropertyName("first_name")]
    public string? FirstName { get; init; }

    /// <summary>Gets the last name.</summary>
    [JsonPropertyName("last_name")]
    public string? LastName { get; init; }

    /// <summary>Gets the avatar URL (deprecated: use ImageUrl).</summary>
    [JsonPropertyName("avatar_url")]
    public string? AvatarUrl { get; init; }

    /// <summary>Gets the image URL.</summary>
    [JsonPropertyName("image_url")]
    public string? ImageUrl { get; init; }

    /// <summary>Gets the username.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Gets the phone number.</summary>
    [JsonPropertyName("phone_number")]
    public string? PhoneNumber { get; init; }

    /// <summary>Gets the public metadata (readable by the frontend), as sent.</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement? PublicMetadata { get; init; }

    /// <summary>Gets the label.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }

    /// <summary>Gets the verification.</summary>
    [JsonPropertyName("verification")]
    public Verification? Verification { get; init; }
}
