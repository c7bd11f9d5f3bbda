namespace ClerkSync.BackendApi;

/// <summary>What identifies one object for <see cref="IClerkBackendApi.GetAsync(ClerkApiResource, ClerkObjectKey, CancellationToken)"/>.</summary>
/// <remarks>
/// Clerk has a direct <c>GET</c> by id for users, organizations, roles and permissions; the others are looked up under
/// their organization (invitations, domains, memberships) or with a filtered list (waitlist entries), which needs the
/// parent ids a mirror row already holds. See <see cref="ClerkApiResources.SupportsGet"/>.
/// </remarks>
/// <param name="Id">The object's id (<c>user_...</c>, <c>orgmem_...</c>, ...).</param>
/// <param name="OrganizationId">The organization's id: required for invitations, domains and memberships.</param>
/// <param name="UserId">The member's user id: required for memberships (Clerk looks a membership up by organization and user).</param>
public sealed record ClerkObjectKey(string Id, string? OrganizationId = null, string? UserId = null);
