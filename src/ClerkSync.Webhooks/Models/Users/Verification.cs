using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The verification of an identification (email, phone, wallet, external or enterprise account, passkey).</summary>
/// <remarks>One record for every verification kind of the schema (<c>oneOf</c> on <c>object</c>): members a kind does not have stay null.</remarks>
public sealed record Verification : ClerkModel
{
    /// <summary>Gets the verification kind (<c>verification_otp</c>, <c>verification_oauth</c>, ...).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public VerificationStatus? Status { get; init; }

    /// <summary>Gets the strategy (<c>email_code</c>, <c>oauth_google</c>, ...).</summary>
    [JsonPropertyName("strategy")]
    public string? Strategy { get; init; }

    /// <summary>Gets the number of attempts made.</summary>
    [JsonPropertyName("attempts")]
    public int? Attempts { get; init; }

    /// <summary>Gets when it expires, in Unix milliseconds.</summary>
    [JsonPropertyName("expire_at")]
    public long? ExpireAt { get; init; }

    /// <summary>Gets the delivery channel of a phone code.</summary>
    [JsonPropertyName("channel")]
    public string? Channel { get; init; }

    /// <summary>Gets the client that completed the verification.</summary>
    [JsonPropertyName("verified_at_client")]
    public string? VerifiedAtClient { get; init; }

    /// <summary>Gets the nonce (Web3, passkey).</summary>
    [JsonPropertyName("nonce")]
    public string? Nonce { get; init; }

    /// <summary>Gets the message to sign (Web3, passkey).</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>Gets the URL to continue an external verification (OAuth, SAML).</summary>
    [JsonPropertyName("external_verification_redirect_url")]
    public string? ExternalVerificationRedirectUrl { get; init; }

    /// <summary>Gets the error of a failed verification.</summary>
    [JsonPropertyName("error")]
    public VerificationError? Error { get; init; }
}
