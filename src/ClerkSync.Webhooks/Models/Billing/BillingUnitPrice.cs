using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The tiered price of a unit (<c>seats</c>, ...).</summary>
public sealed record BillingUnitPrice : ClerkModel
{
    /// <summary>Gets the unit.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the units per block.</summary>
    [JsonPropertyName("block_size")]
    public long BlockSize { get; init; }

    /// <summary>Gets the tiers, by starting block.</summary>
    [JsonPropertyName("tiers")]
    public IReadOnlyList<BillingUnitPriceTier>? Tiers { get; init; }
}
