using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The SAML connection of a SAML account.</summary>
public sealed record SamlConnection : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the domain (deprecated: use Domains).</summary>
    [JsonPropertyName("domain")]
    public string? Domain { get; init; }

    /// <summary>Gets the domains.</summary>
    [JsonPropertyName("domains")]
    public IReadOnlyList<string>? Domains { get; init; }

    /// <summary>Gets a value indicating whether it is active.</summary>
    [JsonPropertyName("active")]
    public bool Active { get; init; }

    /// <summary>Gets the provider.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>Gets a value indicating whether user attributes are synced.</summary>
    [JsonPropertyName("sync_user_attributes")]
    public bool SyncUserAttributes { get; init; }

    /// <summary>Gets a value indicating whether subdomains are allowed.</summary>
    [JsonPropertyName("allow_subdomains")]
    public bool? AllowSubdomains { get; init; }

    /// <summary>Gets a value indicating whether IdP-initiated flows are allowed.</summary>
    [JsonPropertyName("allow_idp_initiated")]
    public bool? AllowIdpInitiated { get; init; }

    /// <summary>Gets a value indicating whether additional identifications are disabled.</summary>
    [JsonPropertyName("disable_additional_identifications")]
    public bool? DisableAdditionalIdentifications { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }
}
