using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>One of a user's enterprise (SSO) accounts.</summary>
public sealed record EnterpriseAccount : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object type (<c>enterprise_account</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the protocol (<c>oauth</c>, <c>saml</c>).</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

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

    /// <summary>Gets the enterprise connection id.</summary>
    [JsonPropertyName("enterprise_connection_id")]
    public string? EnterpriseConnectionId { get; init; }

    /// <summary>Gets the public metadata (readable by the frontend), as sent.</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement? PublicMetadata { get; init; }

    /// <summary>Gets the verification.</summary>
    [JsonPropertyName("verification")]
    public Verification? Verification { get; init; }

    /// <summary>Gets the enterprise connection.</summary>
    [JsonPropertyName("enterprise_connection")]
    public EnterpriseConnection? EnterpriseConnection { get; init; }

    /// <summary>Gets when it last authenticated, in Unix milliseconds.</summary>
    [JsonPropertyName("last_authenticated_at")]
    public long? LastAuthenticatedAt { get; init; }
}
