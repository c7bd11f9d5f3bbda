using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>An amount of money.</summary>
public sealed record BillingAmount : ClerkModel
{
    /// <summary>Gets the amount in the smallest currency unit.</summary>
    [JsonPropertyName("amount")]
    public long Amount { get; init; }

    /// <summary>Gets the formatted amount (<c>$10.99</c>).</summary>
    [JsonPropertyName("amount_formatted")]
    public string? AmountFormatted { get; init; }

    /// <summary>Gets the ISO 4217 currency code.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>Gets the currency symbol.</summary>
    [JsonPropertyName("currency_symbol")]
    public string? CurrencySymbol { get; init; }
}
