namespace ClerkSync.EntityFrameworkCore;

/// <summary>A Clerk organization (<c>clerk_organizations</c>).</summary>
public sealed class ClerkOrganization : ClerkMirrorEntity
{
    private readonly List<ClerkOrganizationMembership> _memberships = [];

    private readonly List<ClerkOrganizationInvitation> _invitations = [];

    private readonly List<ClerkOrganizationDomain> _domains = [];

    private ClerkOrganization()
    {
    }

    /// <summary>Gets the name.</summary>
    public string? Name { get; private set; }

    /// <summary>Gets the slug.</summary>
    public string? Slug { get; private set; }

    /// <summary>Gets the image URL.</summary>
    public string? ImageUrl { get; private set; }

    /// <summary>Gets the member count, when Clerk sends it.</summary>
    public long? MembersCount { get; private set; }

    /// <summary>Gets the membership limit.</summary>
    public long? MaxAllowedMemberships { get; private set; }

    /// <summary>Gets the id of the user who created it.</summary>
    public string? CreatedBy { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Gets the organization's memberships.</summary>
    public IReadOnlyCollection<ClerkOrganizationMembership> Memberships => _memberships;

    /// <summary>Gets the organization's invitations.</summary>
    public IReadOnlyCollection<ClerkOrganizationInvitation> Invitations => _invitations;

    /// <summary>Gets the organization's domains.</summary>
    public IReadOnlyCollection<ClerkOrganizationDomain> Domains => _domains;
}
