using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A domain of an organization (<c>organizationDomain.created</c>, <c>.updated</c>).</summary>
public sealed record OrganizationDomainData : ClerkModel
{
    /// <summary>Gets the object type (<c>organization_domain</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the domain id (<c>orgdm_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the organization id.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>Gets the domain name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets how users of the domain join.</summary>
    [JsonPropertyName("enrollment_mode")]
    public OrganizationDomainEnrollmentMode? EnrollmentMode { get; init; }

    /// <summary>Gets the affiliation email address.</summary>
    [JsonPropertyName("affiliation_email_address")]
    public string? AffiliationEmailAddress { get; init; }

    /// <summary>Gets the verification of the affiliation.</summary>
    [JsonPropertyName("affiliation_verification")]
    public OrganizationDomainVerification? AffiliationVerification { get; init; }

    /// <summary>Gets the verification of DNS ownership.</summary>
    [JsonPropertyName("ownership_verification")]
    public OrganizationDomainVerification? OwnershipVerification { get; init; }

    /// <summary>Gets the affiliation verification (deprecated alias of AffiliationVerification).</summary>
    [JsonPropertyName("verification")]
    public OrganizationDomainVerification? Verification { get; init; }

    /// <summary>Gets the number of pending invitations.</summary>
    [JsonPropertyName("total_pending_invitations")]
    public int TotalPendingInvitations { get; init; }

    /// <summary>Gets the number of pending suggestions.</summary>
    [JsonPropertyName("total_pending_suggestions")]
    public int TotalPendingSuggestions { get; init; }

    /// <summary>Gets the public data of the organization.</summary>
    [JsonPropertyName("public_organization_data")]
    public PublicOrganizationData? PublicOrganizationData { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }
}
