using System.Text.Json;

namespace ClerkSync.BackendApi;

/// <summary>
/// The Clerk Backend API calls the mirror needs (issue #16): every object of a list, page by page, and one object by
/// id. Requests are paced for the whole secret key, honour <c>Retry-After</c> key-wide, and retry 5xx and connection
/// errors with backoff. Register with <c>services.AddClerkBackendApi(...)</c>.
/// </summary>
public interface IClerkBackendApi
{
    /// <summary>
    /// Lists every object of <paramref name="resource"/>, page by page (<c>limit</c> 500; cursor paging for users,
    /// offset for the rest), oldest first. At least one page is yielded, the last with <see cref="ClerkApiPage.Next"/>
    /// <see langword="null"/>.
    /// </summary>
    /// <param name="resource">The list.</param>
    /// <param name="resumeFrom">A <see cref="ClerkApiPage.Next"/> from an earlier page (a checkpoint), or <see langword="null"/> to start at the beginning.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <returns>The pages, fetched one at a time as they are consumed.</returns>
    /// <exception cref="ClerkBackendApiException">Clerk refused a request (401: the key; 4xx) or kept failing after the retries.</exception>
    IAsyncEnumerable<ClerkApiPage> ListAsync(ClerkApiResource resource, ClerkListCursor? resumeFrom = null, CancellationToken cancellationToken = default);

    /// <summary>Gets one object by id, or <see langword="null"/> when Clerk answers 404 (used to confirm a deletion).</summary>
    /// <param name="resource">
    /// A resource with a direct <c>GET</c> by id: users, organizations, roles, permissions, waitlist entries (by a
    /// filtered list). Invitations, domains and memberships need their organization: use the
    /// <see cref="GetAsync(ClerkApiResource, ClerkObjectKey, CancellationToken)"/> overload.
    /// </param>
    /// <param name="id">The object's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object's JSON (detached, nothing to dispose), or <see langword="null"/> on 404.</returns>
    /// <exception cref="NotSupportedException"><paramref name="resource"/> has no lookup in Clerk's API (<see cref="ClerkApiResources.SupportsGet"/> is false).</exception>
    /// <exception cref="ArgumentException">The resource needs an organization or user id.</exception>
    /// <exception cref="ClerkBackendApiException">Clerk refused the request or kept failing after the retries.</exception>
    Task<JsonElement?> GetAsync(ClerkApiResource resource, string id, CancellationToken cancellationToken = default);

    /// <summary>Gets one object by its key, or <see langword="null"/> when Clerk has no such object.</summary>
    /// <param name="resource">A resource for which <see cref="ClerkApiResources.SupportsGet"/> is true.</param>
    /// <param name="key">The id, with the organization id (invitations, domains, memberships) and user id (memberships).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object's JSON (detached, nothing to dispose), or <see langword="null"/> when Clerk has none.</returns>
    /// <exception cref="NotSupportedException"><paramref name="resource"/> has no lookup in Clerk's API.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> lacks a part the resource needs.</exception>
    /// <exception cref="ClerkBackendApiException">Clerk refused the request or kept failing after the retries.</exception>
    Task<JsonElement?> GetAsync(ClerkApiResource resource, ClerkObjectKey key, CancellationToken cancellationToken = default);
}
