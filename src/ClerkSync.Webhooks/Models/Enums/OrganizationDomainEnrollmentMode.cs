using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>How users with an email address at an organization domain join the organization. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<OrganizationDomainEnrollmentMode>))]
public readonly record struct OrganizationDomainEnrollmentMode(string Value) : IClerkStringEnum<OrganizationDomainEnrollmentMode>
{
    /// <summary>Gets <c>manual_invitation</c>.</summary>
    public static OrganizationDomainEnrollmentMode ManualInvitation { get; } = new("manual_invitation");

    /// <summary>Gets <c>automatic_invitation</c>.</summary>
    public static OrganizationDomainEnrollmentMode AutomaticInvitation { get; } = new("automatic_invitation");

    /// <summary>Gets <c>automatic_suggestion</c>.</summary>
    public static OrganizationDomainEnrollmentMode AutomaticSuggestion { get; } = new("automatic_suggestion");

    /// <summary>Gets <c>enterprise_sso</c>.</summary>
    public static OrganizationDomainEnrollmentMode EnterpriseSso { get; } = new("enterprise_sso");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "manual_invitation" or "automatic_invitation" or "automatic_suggestion" or "enterprise_sso";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static OrganizationDomainEnrollmentMode IClerkStringEnum<OrganizationDomainEnrollmentMode>.FromValue(string value) => new(value);
}
