namespace ClerkSync.EntityFrameworkCore;

/// <summary>An invitation to an organization (<c>clerk_organization_invitations</c>).</summary>
public sealed class ClerkOrganizationInvitation : ClerkMirrorEntity
{
    private ClerkOrganizationInvitation()
    {
    }

    /// <summary>Gets the organization's id.</summary>
    public string? OrganizationId { get; private set; }

    /// <summary>Gets the invited address.</summary>
    public string? EmailAddress { get; private set; }

    /// <summary>Gets the role key.</summary>
    public string? Role { get; private set; }

    /// <summary>Gets the role name.</summary>
    public string? RoleName { get; private set; }

    /// <summary>Gets <c>pending</c>, <c>accepted</c>, <c>revoked</c>, ...</summary>
    public string? Status { get; private set; }

    /// <summary>Gets the user who accepted it (<c>accepted</c> only).</summary>
    public string? UserId { get; private set; }

    /// <summary>Gets when it expires.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Gets the organization, or null when the mirror has no row for it.</summary>
    public ClerkOrganization? Organization { get; private set; }
}
