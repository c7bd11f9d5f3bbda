using System.Text.Json;

namespace ClerkSync.BackendApi;

// The Backend API client's contract, as agreed with the backend-api branch (#16). This file is a placeholder so that
// the reconciliation engine builds before that branch lands: at the merge, take the backend-api branch's version.

/// <summary>The instance-wide lists of the Clerk Backend API that the mirror reads.</summary>
public enum ClerkApiResource
{
    /// <summary><c>GET /users</c>.</summary>
    Users,

    /// <summary><c>GET /organizations</c>.</summary>
    Organizations,

    /// <summary><c>GET /organization_memberships</c>.</summary>
    OrganizationMemberships,

    /// <summary><c>GET /organization_invitations</c>.</summary>
    OrganizationInvitations,

    /// <summary><c>GET /organization_domains</c>.</summary>
    OrganizationDomains,

    /// <summary><c>GET /organization_roles</c>.</summary>
    Roles,

    /// <summary><c>GET /organization_permissions</c>.</summary>
    Permissions,

    /// <summary><c>GET /waitlist_entries</c>.</summary>
    WaitlistEntries,

    /// <summary><c>GET /billing/subscription_items</c>.</summary>
    SubscriptionItems,
}

/// <summary>Reads the Clerk Backend API.</summary>
public interface IClerkBackendApi
{
    /// <summary>Lists a resource page by page (paced, retried, limit 500).</summary>
    IAsyncEnumerable<ClerkApiPage> ListAsync(ClerkApiResource resource, ClerkListCursor? resumeFrom = null, CancellationToken cancellationToken = default);

    /// <summary>Gets one object, or null on 404.</summary>
    Task<JsonElement?> GetAsync(ClerkApiResource resource, string id, CancellationToken cancellationToken = default);
}

/// <summary>One page of a list.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Items">The objects.</param>
/// <param name="Next">Where the next page starts; null on the last page.</param>
/// <param name="TotalCount">The total, when the list reports one.</param>
public sealed record ClerkApiPage(ClerkApiResource Resource, IReadOnlyList<JsonElement> Items, ClerkListCursor? Next, long? TotalCount);

/// <summary>Where a list page starts.</summary>
/// <param name="StartingAfter">The id after which the page starts (users).</param>
/// <param name="Offset">The offset (the other lists).</param>
public sealed record ClerkListCursor(string? StartingAfter, int Offset);

/// <summary>A Backend API request failed.</summary>
public sealed class ClerkBackendApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ClerkBackendApiException"/> class.</summary>
    public ClerkBackendApiException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClerkBackendApiException"/> class.</summary>
    public ClerkBackendApiException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClerkBackendApiException"/> class.</summary>
    public ClerkBackendApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClerkBackendApiException"/> class.</summary>
    public ClerkBackendApiException(string message, int? statusCode, string? clerkCode)
        : base(message)
    {
        StatusCode = statusCode;
        ClerkCode = clerkCode;
    }

    /// <summary>Gets the HTTP status, or null for a connection failure.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets Clerk's error code.</summary>
    public string? ClerkCode { get; }
}
