using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>Account credit applied to a charge.</summary>
public sealed record BillingSubscriptionPayerCredit : ClerkModel
{
    /// <summary>Gets the credit applied.</summary>
    [JsonPropertyName("applied_amount")]
    public BillingAmount? AppliedAmount { get; init; }

    /// <summary>Gets the credit left.</summary>
    [JsonPropertyName("remaining_balance")]
    public BillingAmount? RemainingBalance { get; init; }
}
