namespace ClerkSync.BackendApi;

/// <summary>The instance-wide lists of the Clerk Backend API that the mirror reconciles from (issue #16).</summary>
/// <remarks>
/// Sessions are not here: Clerk lists them per user only (<c>GET /sessions?user_id=</c>), so a full listing would
/// cost one request per user.
/// </remarks>
public enum ClerkApiResource
{
    /// <summary><c>GET /users</c>: a bare array, cursor paging (<c>starting_after</c>, created_at order).</summary>
    Users,

    /// <summary><c>GET /organizations</c>: <c>{data, total_count}</c>, offset paging.</summary>
    Organizations,

    /// <summary><c>GET /organization_memberships</c>: <c>{data, total_count}</c>, offset paging.</summary>
    OrganizationMemberships,

    /// <summary><c>GET /organization_invitations</c>: <c>{data, total_count}</c>, offset paging.</summary>
    OrganizationInvitations,

    /// <summary><c>GET /organization_domains</c>: <c>{data, total_count}</c>, offset paging.</summary>
    OrganizationDomains,

    /// <summary><c>GET /organization_roles</c>: <c>{data, total_count}</c>, offset paging.</summary>
    Roles,

    /// <summary><c>GET /organization_permissions</c>: <c>{data, total_count}</c>, offset paging.</summary>
    Permissions,

    /// <summary><c>GET /waitlist_entries</c>: <c>{data, total_count}</c>, offset paging.</summary>
    WaitlistEntries,

    /// <summary><c>GET /billing/subscription_items</c>: <c>{data, total_count}</c>, offset paging.</summary>
    SubscriptionItems,
}
