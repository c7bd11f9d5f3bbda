namespace ClerkSync.EntityFrameworkCore;

/// <summary>A phone number of a user (<c>clerk_user_phone_numbers</c>).</summary>
public sealed class ClerkUserPhoneNumber : ClerkMirrorEntity
{
    private ClerkUserPhoneNumber()
    {
    }

    /// <summary>Gets the user's id.</summary>
    public string? UserId { get; private set; }

    /// <summary>Gets the number.</summary>
    public string? PhoneNumber { get; private set; }

    /// <summary>Gets <c>verification.status</c>.</summary>
    public string? VerificationStatus { get; private set; }

    /// <summary>Gets whether it is the user's primary number.</summary>
    public bool? IsPrimary { get; private set; }

    /// <summary>Gets the user, or null when the mirror has no row for it.</summary>
    public ClerkUser? User { get; private set; }
}
