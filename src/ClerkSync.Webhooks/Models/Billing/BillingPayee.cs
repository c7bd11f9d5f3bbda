using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The payee of a payment.</summary>
public sealed record BillingPayee : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the gateway (<c>stripe</c>, ...).</summary>
    [JsonPropertyName("gateway_type")]
    public string? GatewayType { get; init; }

    /// <summary>Gets the payment gateway's id.</summary>
    [JsonPropertyName("gateway_external_id")]
    public string? GatewayExternalId { get; init; }

    /// <summary>Gets the status at the gateway.</summary>
    [JsonPropertyName("gateway_status")]
    public string? GatewayStatus { get; init; }
}
