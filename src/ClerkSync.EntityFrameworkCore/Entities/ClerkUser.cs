namespace ClerkSync.EntityFrameworkCore;

/// <summary>A Clerk user (<c>clerk_users</c>).</summary>
public sealed class ClerkUser : ClerkMirrorEntity
{
    private readonly List<ClerkUserEmailAddress> _emailAddresses = [];

    private readonly List<ClerkUserPhoneNumber> _phoneNumbers = [];

    private readonly List<ClerkUserExternalAccount> _externalAccounts = [];

    private readonly List<ClerkOrganizationMembership> _memberships = [];

    private ClerkUser()
    {
    }

    /// <summary>Gets your id for the user (<c>external_id</c>).</summary>
    public string? ExternalId { get; private set; }

    /// <summary>Gets the id of the primary email address.</summary>
    public string? PrimaryEmailAddressId { get; private set; }

    /// <summary>Gets the primary email address, looked up in <c>email_addresses</c>.</summary>
    public string? PrimaryEmailAddress { get; private set; }

    /// <summary>Gets the primary phone number, looked up in <c>phone_numbers</c>.</summary>
    public string? PrimaryPhoneNumber { get; private set; }

    /// <summary>Gets the username.</summary>
    public string? Username { get; private set; }

    /// <summary>Gets the first name.</summary>
    public string? FirstName { get; private set; }

    /// <summary>Gets the last name.</summary>
    public string? LastName { get; private set; }

    /// <summary>Gets the image URL.</summary>
    public string? ImageUrl { get; private set; }

    /// <summary>Gets whether the user is banned.</summary>
    public bool? Banned { get; private set; }

    /// <summary>Gets whether the user is locked (too many failed sign-ins).</summary>
    public bool? Locked { get; private set; }

    /// <summary>Gets when the user last signed in.</summary>
    public DateTimeOffset? LastSignInAt { get; private set; }

    /// <summary>Gets when the user was last active.</summary>
    public DateTimeOffset? LastActiveAt { get; private set; }

    /// <summary>Gets when the user was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when the user was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Gets the user's email addresses (<c>clerk_user_email_addresses</c>).</summary>
    public IReadOnlyCollection<ClerkUserEmailAddress> EmailAddresses => _emailAddresses;

    /// <summary>Gets the user's phone numbers (<c>clerk_user_phone_numbers</c>).</summary>
    public IReadOnlyCollection<ClerkUserPhoneNumber> PhoneNumbers => _phoneNumbers;

    /// <summary>Gets the user's OAuth accounts (<c>clerk_user_external_accounts</c>).</summary>
    public IReadOnlyCollection<ClerkUserExternalAccount> ExternalAccounts => _externalAccounts;

    /// <summary>Gets the user's organization memberships.</summary>
    public IReadOnlyCollection<ClerkOrganizationMembership> Memberships => _memberships;
}
