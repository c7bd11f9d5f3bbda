using ClerkSync.BackendApi;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Reconciliation;

/// <summary>A Backend API list and the mirror table it fills (issue #16), in the order a run takes them: parents first.</summary>
/// <param name="Resource">The API resource.</param>
/// <param name="Table">The mirror table.</param>
internal sealed record ReconcileResource(ClerkApiResource Resource, MirrorTable Table)
{
    /// <summary>Gets every reconciled resource, in <see cref="ClerkApiResources.All"/>'s order (parents before children).</summary>
    public static IReadOnlyList<ReconcileResource> All { get; } = [.. ClerkApiResources.All.Select(r => new ReconcileResource(r, TableOf(r)))];

    /// <summary>Gets the short name (<c>--only</c>, the checkpoint key): the table without <c>clerk_</c>.</summary>
    public string Name => ClerkApiResources.NameOf(Resource);

    /// <summary>Gets the short names, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(r => r.Name));

    /// <summary>Gets the mirror column holding the organization id a lookup needs, or null.</summary>
    public string? OrganizationColumn => ClerkApiResources.GetNeedsOrganizationId(Resource) ? "organization_id" : null;

    /// <summary>Gets the mirror column holding the user id a lookup needs, or null.</summary>
    public string? UserColumn => ClerkApiResources.GetNeedsUserId(Resource) ? "user_id" : null;

    /// <summary>Gets the entry of <paramref name="resource"/>.</summary>
    public static ReconcileResource Of(ClerkApiResource resource) => All.First(r => r.Resource == resource);

    /// <summary>Finds a resource by short name (<c>users</c>) or table name (<c>clerk_users</c>), case-insensitively.</summary>
    public static ReconcileResource? Find(string name) => ClerkApiResources.TryParse(name, out var resource) ? Of(resource) : null;

    private static MirrorTable TableOf(ClerkApiResource resource) =>
        MirrorCatalog.Find("clerk_" + ClerkApiResources.NameOf(resource)) ?? throw new InvalidOperationException($"No mirror table for {resource}.");
}
