using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The plan of a subscription item (in a subscription item event, a subscription or a payment attempt).</summary>
public sealed record BillingPlan : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the slug.</summary>
    [JsonPropertyName("slug")]
    public string? Slug { get; init; }

    /// <summary>Gets the name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets a value indicating whether the plan charges on a recurring basis.</summary>
    [JsonPropertyName("is_recurring")]
    public bool IsRecurring { get; init; }

    /// <summary>Gets the amount in the smallest currency unit.</summary>
    [JsonPropertyName("amount")]
    public long Amount { get; init; }

    /// <summary>Gets the ISO 4217 currency code.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>Gets the tiered unit prices (unit-priced plans in subscription item events only).</summary>
    [JsonPropertyName("unit_prices")]
    public IReadOnlyList<BillingUnitPrice>? UnitPrices { get; init; }
}
