namespace ClerkSync.EntityFrameworkCore;

/// <summary>A user's membership of an organization (<c>clerk_organization_memberships</c>).</summary>
public sealed class ClerkOrganizationMembership : ClerkMirrorEntity
{
    private ClerkOrganizationMembership()
    {
    }

    /// <summary>Gets the organization's id.</summary>
    public string? OrganizationId { get; private set; }

    /// <summary>Gets the user's id.</summary>
    public string? UserId { get; private set; }

    /// <summary>Gets the role key (<c>org:admin</c>, ...).</summary>
    public string? Role { get; private set; }

    /// <summary>Gets the role name.</summary>
    public string? RoleName { get; private set; }

    /// <summary>Gets the permission keys, as a JSON array.</summary>
    public string? Permissions { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Gets the organization (a stub until an organization event arrives).</summary>
    public ClerkOrganization? Organization { get; private set; }

    /// <summary>Gets the user (a stub until a user event arrives).</summary>
    public ClerkUser? User { get; private set; }
}
