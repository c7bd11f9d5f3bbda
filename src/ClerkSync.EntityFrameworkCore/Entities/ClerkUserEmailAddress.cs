namespace ClerkSync.EntityFrameworkCore;

/// <summary>An email address of a user (<c>clerk_user_email_addresses</c>).</summary>
public sealed class ClerkUserEmailAddress : ClerkMirrorEntity
{
    private ClerkUserEmailAddress()
    {
    }

    /// <summary>Gets the user's id.</summary>
    public string? UserId { get; private set; }

    /// <summary>Gets the address.</summary>
    public string? EmailAddress { get; private set; }

    /// <summary>Gets <c>verification.status</c>.</summary>
    public string? VerificationStatus { get; private set; }

    /// <summary>Gets whether it is the user's primary address.</summary>
    public bool? IsPrimary { get; private set; }

    /// <summary>Gets the user, or null when the mirror has no row for it.</summary>
    public ClerkUser? User { get; private set; }
}
