using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A Clerk user (<c>user.created</c>, <c>user.updated</c>, and embedded in a session).</summary>
public sealed record UserData : ClerkModel
{
    /// <summary>Gets the user id (<c>user_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the object type (<c>user</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the id in your own system, if set.</summary>
    [JsonPropertyName("external_id")]
    public string? ExternalId { get; init; }

    /// <summary>Gets the id of the primary email address.</summary>
    [JsonPropertyName("primary_email_address_id")]
    public string? PrimaryEmailAddressId { get; init; }

    /// <summary>Gets the id of the primary phone number.</summary>
    [JsonPropertyName("primary_phone_number_id")]
    public string? PrimaryPhoneNumberId { get; init; }

    /// <summary>Gets the id of the primary Web3 wallet.</summary>
    [JsonPropertyName("primary_web3_wallet_id")]
    public string? PrimaryWeb3WalletId { get; init; }

    /// <summary>Gets the username.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Gets the first name.</summary>
    [JsonPropertyName("first_name")]
    public string? FirstName { get; init; }

    /// <summary>Gets the last name.</summary>
    [JsonPropertyName("last_name")]
    public string? LastName { get; init; }

    /// <summary>Gets the locale (<c>en-US</c>, ...).</summary>
    [JsonPropertyName("locale")]
    public string? Locale { get; init; }

    /// <summary>Gets the profile image URL (deprecated: use ImageUrl).</summary>
    [JsonPropertyName("profile_image_url")]
    public string? ProfileImageUrl { get; init; }

    /// <summary>Gets the image URL.</summary>
    [JsonPropertyName("image_url")]
    public string? ImageUrl { get; init; }

    /// <summary>Gets a value indicating whether an image was uploaded.</summary>
    [JsonPropertyName("has_image")]
    public bool HasImage { get; init; }

    /// <summary>Gets the public metadata (readable by the frontend), as sent.</summary>
    [JsonPropertyName("public_metadata")]
    public JsonElement? PublicMetadata { get; init; }

    /// <summary>Gets the private metadata (backend only), as sent.</summary>
    [JsonPropertyName("private_metadata")]
    public JsonElement? PrivateMetadata { get; init; }

    /// <summary>Gets the unsafe metadata (writable by the frontend), as sent.</summary>
    [JsonPropertyName("unsafe_metadata")]
    public JsonElement? UnsafeMetadata { get; init; }

    /// <summary>Gets the email addresses.</summary>
    [JsonPropertyName("email_addresses")]
    public IReadOnlyList<EmailAddress>? EmailAddresses { get; init; }

    /// <summary>Gets the phone numbers.</summary>
    [JsonPropertyName("phone_numbers")]
    public IReadOnlyList<PhoneNumber>? PhoneNumbers { get; init; }

    /// <summary>Gets the Web3 wallets.</summary>
    [JsonPropertyName("web3_wallets")]
    public IReadOnlyList<Web3Wallet>? Web3Wallets { get; init; }

    /// <summary>Gets the passkeys.</summary>
    [JsonPropertyName("passkeys")]
    public IReadOnlyList<Passkey>? Passkeys { get; init; }

    /// <summary>Gets a value indicating whether the user has a password.</summary>
    [JsonPropertyName("password_enabled")]
    public bool PasswordEnabled { get; init; }

    /// <summary>Gets a value indicating whether two-factor authentication is on.</summary>
    [JsonPropertyName("two_factor_enabled")]
    public bool TwoFactorEnabled { get; init; }

    /// <summary>Gets a value indicating whether a TOTP authenticator is set up.</summary>
    [JsonPropertyName("totp_enabled")]
    public bool TotpEnabled { get; init; }

    /// <summary>Gets a value indicating whether backup codes are set up.</summary>
    [JsonPropertyName("backup_code_enabled")]
    public bool BackupCodeEnabled { get; init; }

    /// <summary>Gets when MFA was last enabled, in Unix milliseconds.</summary>
    [JsonPropertyName("mfa_enabled_at")]
    public long? MfaEnabledAt { get; init; }

    /// <summary>Gets when MFA was last disabled, in Unix milliseconds.</summary>
    [JsonPropertyName("mfa_disabled_at")]
    public long? MfaDisabledAt { get; init; }

    /// <summary>Gets when the password was last changed, in Unix milliseconds.</summary>
    [JsonPropertyName("password_last_updated_at")]
    public long? PasswordLastUpdatedAt { get; init; }

    /// <summary>Gets the OAuth accounts.</summary>
    [JsonPropertyName("external_accounts")]
    public IReadOnlyList<ExternalAccount>? ExternalAccounts { get; init; }

    /// <summary>Gets the SAML accounts.</summary>
    [JsonPropertyName("saml_accounts")]
    public IReadOnlyList<SamlAccount>? SamlAccounts { get; init; }

    /// <summary>Gets the enterprise (SSO) accounts.</summary>
    [JsonPropertyName("enterprise_accounts")]
    public IReadOnlyList<EnterpriseAccount>? EnterpriseAccounts { get; init; }

    /// <summary>Gets the organization memberships, when included.</summary>
    [JsonPropertyName("organization_memberships")]
    public IReadOnlyList<OrganizationMembershipData>? OrganizationMemberships { get; init; }

    /// <summary>Gets when the user last signed in, in Unix milliseconds.</summary>
    [JsonPropertyName("last_sign_in_at")]
    public long? LastSignInAt { get; init; }

    /// <summary>Gets a value indicating whether the user is banned.</summary>
    [JsonPropertyName("banned")]
    public bool Banned { get; init; }

    /// <summary>Gets a value indicating whether the user is locked out.</summary>
    [JsonPropertyName("locked")]
    public bool Locked { get; init; }

    /// <summary>Gets a value indicating whether the user was deprovisioned (and may not sign in).</summary>
    [JsonPropertyName("deprovisioned")]
    public bool? Deprovisioned { get; init; }

    /// <summary>Gets the seconds until a lockout ends (null for a locked user: never).</summary>
    [JsonPropertyName("lockout_expires_in_seconds")]
    public long? LockoutExpiresInSeconds { get; init; }

    /// <summary>Gets the verification attempts left before a lockout.</summary>
    [JsonPropertyName("verification_attempts_remaining")]
    public long? VerificationAttemptsRemaining { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets a value indicating whether the user may delete themselves.</summary>
    [JsonPropertyName("delete_self_enabled")]
    public bool DeleteSelfEnabled { get; init; }

    /// <summary>Gets a value indicating whether the user may create organizations.</summary>
    [JsonPropertyName("create_organization_enabled")]
    public bool CreateOrganizationEnabled { get; init; }

    /// <summary>Gets the most organizations the user may create (0: unlimited).</summary>
    [JsonPropertyName("create_organizations_limit")]
    public int? CreateOrganizationsLimit { get; init; }

    /// <summary>Gets the latest session activity, with day precision, in Unix milliseconds.</summary>
    [JsonPropertyName("last_active_at")]
    public long? LastActiveAt { get; init; }

    /// <summary>Gets when the user accepted the legal terms, in Unix milliseconds.</summary>
    [JsonPropertyName("legal_accepted_at")]
    public long? LegalAcceptedAt { get; init; }

    /// <summary>Gets a value indicating whether the user bypasses device trust checks.</summary>
    [JsonPropertyName("bypass_client_trust")]
    public bool? BypassClientTrust { get; init; }

    /// <summary>Gets the directory (SCIM) linkage, when provisioned through a directory.</summary>
    [JsonPropertyName("scim")]
    public ScimUserMetadata? Scim { get; init; }
}
