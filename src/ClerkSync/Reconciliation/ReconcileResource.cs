using ClerkSync.BackendApi;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Reconciliation;

/// <summary>A Backend API list and the mirror table it fills (issue #16), in the order a run takes them: parents first.</summary>
/// <param name="Resource">The API resource.</param>
/// <param name="Table">The mirror table.</param>
internal sealed record ReconcileResource(ClerkApiResource Resource, MirrorTable Table)
{
    /// <summary>Gets every reconciled resource, parents before children (so that children find their parents, not stubs).</summary>
    public static IReadOnlyList<ReconcileResource> All { get; } =
    [
        new(ClerkApiResource.Users, MirrorCatalog.UsersTable),
        new(ClerkApiResource.Organizations, MirrorCatalog.OrganizationsTable),
        new(ClerkApiResource.Roles, MirrorCatalog.RolesTable),
        new(ClerkApiResource.Permissions, MirrorCatalog.PermissionsTable),
        new(ClerkApiResource.OrganizationMemberships, MirrorCatalog.OrganizationMembershipsTable),
        new(ClerkApiResource.OrganizationInvitations, MirrorCatalog.OrganizationInvitationsTable),
        new(ClerkApiResource.OrganizationDomains, MirrorCatalog.OrganizationDomainsTable),
        new(ClerkApiResource.WaitlistEntries, MirrorCatalog.WaitlistEntriesTable),
        new(ClerkApiResource.SubscriptionItems, MirrorCatalog.SubscriptionItemsTable),
    ];

    /// <summary>Gets the short name (<c>--only</c>, the checkpoint key): the table without <c>clerk_</c>.</summary>
    public string Name => Table.Name["clerk_".Length..];

    /// <summary>Gets the short names, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(r => r.Name));

    /// <summary>Gets the entry of <paramref name="resource"/>.</summary>
    public static ReconcileResource Of(ClerkApiResource resource) => All.First(r => r.Resource == resource);

    /// <summary>Finds a resource by short name (<c>users</c>), table name (<c>clerk_users</c>) or enum name (<c>Users</c>), case-insensitively.</summary>
    public static ReconcileResource? Find(string name) => All.FirstOrDefault(r =>
        string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(r.Table.Name, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(r.Resource.ToString(), name, StringComparison.OrdinalIgnoreCase));
}
