using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The extra <c>data</c> of an organization invitation.</summary>
public sealed record OrganizationInvitationDetails : ClerkModel
{
    /// <summary>Gets the public data of the organization.</summary>
    [JsonPropertyName("public_organization_data")]
    public PublicOrganizationData? PublicOrganizationData { get; init; }
}
