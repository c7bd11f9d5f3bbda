namespace ClerkSync.EntityFrameworkCore;

/// <summary>An OAuth account of a user (<c>clerk_user_external_accounts</c>).</summary>
public sealed class ClerkUserExternalAccount : ClerkMirrorEntity
{
    private ClerkUserExternalAccount()
    {
    }

    /// <summary>Gets the user's id.</summary>
    public string? UserId { get; private set; }

    /// <summary>Gets the provider (<c>oauth_google</c>, ...).</summary>
    public string? Provider { get; private set; }

    /// <summary>Gets the user's id at the provider.</summary>
    public string? ProviderUserId { get; private set; }

    /// <summary>Gets the email address at the provider.</summary>
    public string? EmailAddress { get; private set; }

    /// <summary>Gets the username at the provider.</summary>
    public string? Username { get; private set; }

    /// <summary>Gets the first name at the provider.</summary>
    public string? FirstName { get; private set; }

    /// <summary>Gets the last name at the provider.</summary>
    public string? LastName { get; private set; }

    /// <summary>Gets <c>verification.status</c>.</summary>
    public string? VerificationStatus { get; private set; }

    /// <summary>Gets the user, or null when the mirror has no row for it.</summary>
    public ClerkUser? User { get; private set; }
}
