using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The credits applied to a subscription item charge.</summary>
public sealed record BillingSubscriptionCredits : ClerkModel
{
    /// <summary>Gets the proration credit.</summary>
    [JsonPropertyName("proration")]
    public BillingSubscriptionCredit? Proration { get; init; }

    /// <summary>Gets the account credit.</summary>
    [JsonPropertyName("payer")]
    public BillingSubscriptionPayerCredit? Payer { get; init; }

    /// <summary>Gets the total credit.</summary>
    [JsonPropertyName("total")]
    public BillingAmount? Total { get; init; }
}
