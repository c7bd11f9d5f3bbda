using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The verification of an organization domain.</summary>
public sealed record OrganizationDomainVerification : ClerkModel
{
    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public VerificationStatus? Status { get; init; }

    /// <summary>Gets the strategy.</summary>
    [JsonPropertyName("strategy")]
    public string? Strategy { get; init; }

    /// <summary>Gets the number of attempts made.</summary>
    [JsonPropertyName("attempts")]
    public int? Attempts { get; init; }

    /// <summary>Gets when it expires, in Unix milliseconds.</summary>
    [JsonPropertyName("expire_at")]
    public long? ExpireAt { get; init; }

    /// <summary>Gets when ownership was verified, in Unix milliseconds.</summary>
    [JsonPropertyName("verified_at")]
    public long? VerifiedAt { get; init; }
}
