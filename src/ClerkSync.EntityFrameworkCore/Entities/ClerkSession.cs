namespace ClerkSync.EntityFrameworkCore;

/// <summary>A session (<c>clerk_sessions</c>).</summary>
public sealed class ClerkSession : ClerkMirrorEntity
{
    private ClerkSession()
    {
    }

    /// <summary>Gets the user's id.</summary>
    public string? UserId { get; private set; }

    /// <summary>Gets the client's id.</summary>
    public string? ClientId { get; private set; }

    /// <summary>Gets <c>active</c>, <c>ended</c>, <c>removed</c>, <c>revoked</c>, <c>pending</c>, ...</summary>
    public string? Status { get; private set; }

    /// <summary>Gets the active organization.</summary>
    public string? LastActiveOrganizationId { get; private set; }

    /// <summary>Gets when it was last active.</summary>
    public DateTimeOffset? LastActiveAt { get; private set; }

    /// <summary>Gets when it expires.</summary>
    public DateTimeOffset? ExpireAt { get; private set; }

    /// <summary>Gets when it is abandoned.</summary>
    public DateTimeOffset? AbandonAt { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }
}
