namespace ClerkSync.EntityFrameworkCore;

/// <summary>A waitlist entry (<c>clerk_waitlist_entries</c>).</summary>
public sealed class ClerkWaitlistEntry : ClerkMirrorEntity
{
    private ClerkWaitlistEntry()
    {
    }

    /// <summary>Gets the address.</summary>
    public string? EmailAddress { get; private set; }

    /// <summary>Gets <c>pending</c>, <c>invited</c>, <c>rejected</c> or <c>completed</c>.</summary>
    public string? Status { get; private set; }

    /// <summary>Gets whether it is locked.</summary>
    public bool? IsLocked { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }
}
