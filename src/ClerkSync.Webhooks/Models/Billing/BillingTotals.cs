using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The totals of a payment.</summary>
public sealed record BillingTotals : ClerkModel
{
    /// <summary>Gets the amount before taxes.</summary>
    [JsonPropertyName("subtotal")]
    public BillingAmount? Subtotal { get; init; }

    /// <summary>Gets the taxes.</summary>
    [JsonPropertyName("tax_total")]
    public BillingAmount? TaxTotal { get; init; }

    /// <summary>Gets the amount including taxes.</summary>
    [JsonPropertyName("grand_total")]
    public BillingAmount? GrandTotal { get; init; }

    /// <summary>Gets the per-unit charges.</summary>
    [JsonPropertyName("per_unit_totals")]
    public IReadOnlyList<BillingUnitTotal>? PerUnitTotals { get; init; }
}
