using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>Why a payment failed.</summary>
public sealed record BillingPaymentFailedReason : ClerkModel
{
    /// <summary>Gets the error code (<c>card_declined</c>, ...).</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    /// <summary>Gets the processor's decline code.</summary>
    [JsonPropertyName("decline_code")]
    public string? DeclineCode { get; init; }
}
