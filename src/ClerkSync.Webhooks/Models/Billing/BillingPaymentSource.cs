using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A payment method.</summary>
public sealed record BillingPaymentSource : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the gateway (<c>stripe</c>, ...).</summary>
    [JsonPropertyName("gateway")]
    public string? Gateway { get; init; }

    /// <summary>Gets the payment gateway's id.</summary>
    [JsonPropertyName("gateway_external_id")]
    public string? GatewayExternalId { get; init; }

    /// <summary>Gets the gateway's account id.</summary>
    [JsonPropertyName("gateway_external_account_id")]
    public string? GatewayExternalAccountId { get; init; }

    /// <summary>Gets the kind of payment method.</summary>
    [JsonPropertyName("payment_method")]
    public BillingPaymentMethod? PaymentMethod { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public BillingPaymentSourceStatus? Status { get; init; }

    /// <summary>Gets the card brand (cards).</summary>
    [JsonPropertyName("card_type")]
    public string? CardType { get; init; }

    /// <summary>Gets the last 4 digits (cards).</summary>
    [JsonPropertyName("last4")]
    public string? Last4 { get; init; }
}
