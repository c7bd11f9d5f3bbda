using ClerkSync.Webhooks;

namespace ClerkSync.BackendApi;

/// <summary>What Clerk's Backend API spec (2026-05-12) offers for each <see cref="ClerkApiResource"/>.</summary>
public static class ClerkApiResources
{
    /// <summary>Gets every resource, in the order a full reconcile lists them (parents before children).</summary>
    public static IReadOnlyList<ClerkApiResource> All { get; } =
    [
        ClerkApiResource.Users,
        ClerkApiResource.Organizations,
        ClerkApiResource.Roles,
        ClerkApiResource.Permissions,
        ClerkApiResource.OrganizationMemberships,
        ClerkApiResource.OrganizationInvitations,
        ClerkApiResource.OrganizationDomains,
        ClerkApiResource.WaitlistEntries,
        ClerkApiResource.SubscriptionItems,
    ];

    /// <summary>Gets the resource's short name, the mirror table's without <c>clerk_</c> (<c>users</c>, <c>organization_memberships</c>, ...).</summary>
    /// <param name="resource">The resource.</param>
    /// <returns>The name.</returns>
    public static string NameOf(ClerkApiResource resource) => resource switch
    {
        ClerkApiResource.Users => "users",
        ClerkApiResource.Organizations => "organizations",
        ClerkApiResource.OrganizationMemberships => "organization_memberships",
        ClerkApiResource.OrganizationInvitations => "organization_invitations",
        ClerkApiResource.OrganizationDomains => "organization_domains",
        ClerkApiResource.Roles => "roles",
        ClerkApiResource.Permissions => "permissions",
        ClerkApiResource.WaitlistEntries => "waitlist_entries",
        ClerkApiResource.SubscriptionItems => "subscription_items",
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Not a Clerk API resource."),
    };

    /// <summary>Finds a resource by its <see cref="NameOf"/> name (case-insensitive; a <c>clerk_</c> prefix is accepted).</summary>
    /// <param name="name">The name.</param>
    /// <param name="resource">The resource, when found.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> names a resource.</returns>
    public static bool TryParse(string? name, out ClerkApiResource resource)
    {
        var bare = name?.Trim() ?? string.Empty;
        if (bare.StartsWith("clerk_", StringComparison.OrdinalIgnoreCase))
        {
            bare = bare["clerk_".Length..];
        }

        foreach (var candidate in All)
        {
            if (string.Equals(NameOf(candidate), bare, StringComparison.OrdinalIgnoreCase))
            {
                resource = candidate;
                return true;
            }
        }

        resource = default;
        return false;
    }

    /// <summary>Gets a value indicating whether the list is cursor-paged (<c>starting_after</c>: users) rather than offset-paged.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns><see langword="true"/> for <see cref="ClerkApiResource.Users"/>.</returns>
    public static bool IsCursorPaged(ClerkApiResource resource) => resource == ClerkApiResource.Users;

    /// <summary>
    /// Gets a value indicating whether one object can be fetched (to confirm a deletion). Subscription items cannot:
    /// the spec has no <c>GET /billing/subscription_items/{id}</c> and its list filter is a free-text search.
    /// </summary>
    /// <param name="resource">The resource.</param>
    /// <returns><see langword="true"/> when <see cref="IClerkBackendApi.GetAsync(ClerkApiResource, ClerkObjectKey, CancellationToken)"/> works for it.</returns>
    /// <remarks>
    /// How each is fetched: users <c>GET /users/{id}</c>; organizations <c>GET /organizations/{id}</c>; roles
    /// <c>GET /organization_roles/{id}</c>; permissions <c>GET /organization_permissions/{id}</c>; invitations
    /// <c>GET /organizations/{organization_id}/invitations/{id}</c>; memberships
    /// <c>GET /organizations/{organization_id}/memberships?user_id={user_id}</c> (no GET by id); domains
    /// <c>GET /organizations/{organization_id}/domains</c> (no GET by id; an organization has few); waitlist entries
    /// <c>GET /waitlist_entries?query={id}</c> (the spec's filter "by email_address or id").
    /// </remarks>
    public static bool SupportsGet(ClerkApiResource resource) => resource != ClerkApiResource.SubscriptionItems;

    /// <summary>Gets a value indicating whether a lookup needs <see cref="ClerkObjectKey.OrganizationId"/>.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns><see langword="true"/> for invitations, domains and memberships.</returns>
    public static bool GetNeedsOrganizationId(ClerkApiResource resource) =>
        resource is ClerkApiResource.OrganizationInvitations or ClerkApiResource.OrganizationDomains or ClerkApiResource.OrganizationMemberships;

    /// <summary>Gets a value indicating whether a lookup needs <see cref="ClerkObjectKey.UserId"/>.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns><see langword="true"/> for memberships.</returns>
    public static bool GetNeedsUserId(ClerkApiResource resource) => resource == ClerkApiResource.OrganizationMemberships;

    /// <summary>Gets the typed record of the resource's objects: the webhook's <c>data</c> record of the same object.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns><see cref="UserData"/>, <see cref="OrganizationData"/>, ...</returns>
    public static Type DataTypeOf(ClerkApiResource resource) => resource switch
    {
        ClerkApiResource.Users => typeof(UserData),
        ClerkApiResource.Organizations => typeof(OrganizationData),
        ClerkApiResource.OrganizationMemberships => typeof(OrganizationMembershipData),
        ClerkApiResource.OrganizationInvitations => typeof(OrganizationInvitationData),
        ClerkApiResource.OrganizationDomains => typeof(OrganizationDomainData),
        ClerkApiResource.Roles => typeof(RoleData),
        ClerkApiResource.Permissions => typeof(PermissionData),
        ClerkApiResource.WaitlistEntries => typeof(WaitlistEntryData),
        ClerkApiResource.SubscriptionItems => typeof(SubscriptionItemData),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Not a Clerk API resource."),
    };

    /// <summary>Gets the list's path under the API base URL and the fixed query that lists every object, oldest first.</summary>
    /// <remarks>
    /// <c>order_by=+created_at</c> (every list but subscription items takes it): objects created during a walk land at
    /// its end instead of shifting the offsets of the rest. Organizations ask for <c>members_count</c>, as webhooks carry
    /// it; subscription items ask for free-plan items too (<c>include_free</c> defaults to false).
    /// </remarks>
    internal static (string Path, string Query) ListOf(ClerkApiResource resource) => resource switch
    {
        ClerkApiResource.Users => ("users", "order_by=%2Bcreated_at"),
        ClerkApiResource.Organizations => ("organizations", "order_by=%2Bcreated_at&include_members_count=true"),
        ClerkApiResource.OrganizationMemberships => ("organization_memberships", "order_by=%2Bcreated_at"),
        ClerkApiResource.OrganizationInvitations => ("organization_invitations", "order_by=%2Bcreated_at"),
        ClerkApiResource.OrganizationDomains => ("organization_domains", "order_by=%2Bcreated_at"),
        ClerkApiResource.Roles => ("organization_roles", "order_by=%2Bcreated_at"),
        ClerkApiResource.Permissions => ("organization_permissions", "order_by=%2Bcreated_at"),
        ClerkApiResource.WaitlistEntries => ("waitlist_entries", "order_by=%2Bcreated_at"),
        ClerkApiResource.SubscriptionItems => ("billing/subscription_items", "paginated=true&include_free=true"),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Not a Clerk API resource."),
    };
}
