using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>One of a user's SAML accounts.</summary>
public sealed record SamlAccount : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object type (<c>saml_account</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the provider.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>Gets a value indicating whether it is active.</summary>
    [JsonPropertyName("active")]
    public bool Active { get; init; }

    /// <summary>Gets the email address.</summary>
    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; init; }

    /// <summary>Gets the first name.</summary>
    [JsonPropertyName("first_name")]
    public string? FirstName { get; init; }

    /// <summary>Gets the last name.</summary>
    [JsonPropertyName("last_name")]
    public string? LastName { get; init; }

    /// <summary>Gets the user's id at the provider.</summary>
    [JsonPropertyName("provider_user_id")]
    public string? ProviderUserId { get; init; }

    /// <summary>Gets when it last authenticated, in Unix milliseconds.</summary>
    [JsonPropertyName("last_authenticated_at")]
    public long? LastAuthenticatedAt { get; init; }

    /// <summary>Gets the public metadata (readable by the frontend), as sent.</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement? PublicMetadata { get; init; }

    /// <summary>Gets the verification.</summary>
    [JsonPropertyName("verification")]
    public Verification? Verification { get; init; }

    /// <summary>Gets the SAML connection.</summary>
    [JsonPropertyName("saml_connection")]
    public SamlConnection? SamlConnection { get; init; }
}
