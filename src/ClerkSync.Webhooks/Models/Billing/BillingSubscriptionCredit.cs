using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A proration credit.</summary>
public sealed record BillingSubscriptionCredit : ClerkModel
{
    /// <summary>Gets the credit.</summary>
    [JsonPropertyName("amount")]
    public BillingAmount? Amount { get; init; }

    /// <summary>Gets the days left in the cycle.</summary>
    [JsonPropertyName("cycle_days_remaining")]
    public long CycleDaysRemaining { get; init; }

    /// <summary>Gets the days in the cycle.</summary>
    [JsonPropertyName("cycle_days_total")]
    public long CycleDaysTotal { get; init; }

    /// <summary>Gets the fraction of the cycle left (0 to 1).</summary>
    [JsonPropertyName("cycle_remaining_percent")]
    public double CycleRemainingPercent { get; init; }
}
