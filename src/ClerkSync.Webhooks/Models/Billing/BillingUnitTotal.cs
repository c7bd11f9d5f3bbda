using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The charge for one kind of unit.</summary>
public sealed record BillingUnitTotal : ClerkModel
{
    /// <summary>Gets the unit (<c>seats</c>, ...).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the price per unit in the smallest currency unit.</summary>
    [JsonPropertyName("amount")]
    public long? Amount { get; init; }

    /// <summary>Gets the number of units (null: unlimited).</summary>
    [JsonPropertyName("quantity")]
    public long? Quantity { get; init; }

    /// <summary>Gets the total for these units.</summary>
    [JsonPropertyName("total")]
    public long? Total { get; init; }

    /// <summary>Gets the ISO 4217 currency code.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }
}
