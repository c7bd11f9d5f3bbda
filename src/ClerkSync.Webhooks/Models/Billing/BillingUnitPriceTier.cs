using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A tier of a unit price.</summary>
public sealed record BillingUnitPriceTier : ClerkModel
{
    /// <summary>Gets the first block of the tier.</summary>
    [JsonPropertyName("starts_at_block")]
    public long StartsAtBlock { get; init; }

    /// <summary>Gets the last block of the tier (null: unbounded).</summary>
    [JsonPropertyName("ends_after_block")]
    public long? EndsAfterBlock { get; init; }

    /// <summary>Gets the price per block in the smallest currency unit.</summary>
    [JsonPropertyName("amount_per_block")]
    public long AmountPerBlock { get; init; }

    /// <summary>Gets the ISO 4217 currency code.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }
}
