namespace ClerkSync.EntityFrameworkCore;

/// <summary>A domain of an organization (<c>clerk_organization_domains</c>).</summary>
public sealed class ClerkOrganizationDomain : ClerkMirrorEntity
{
    private ClerkOrganizationDomain()
    {
    }

    /// <summary>Gets the organization's id.</summary>
    public string? OrganizationId { get; private set; }

    /// <summary>Gets the domain name.</summary>
    public string? Name { get; private set; }

    /// <summary>Gets <c>manual_invitation</c>, <c>automatic_invitation</c> or <c>automatic_suggestion</c>.</summary>
    public string? EnrollmentMode { get; private set; }

    /// <summary>Gets <c>verification.status</c>.</summary>
    public string? VerificationStatus { get; private set; }

    /// <summary>Gets the address used to verify affiliation.</summary>
    public string? AffiliationEmailAddress { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Gets the organization, or null when the mirror has no row for it.</summary>
    public ClerkOrganization? Organization { get; private set; }
}
