using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The seat entitlement of a subscription item.</summary>
public sealed record BillingSeats : ClerkModel
{
    /// <summary>Gets the number of seats (null: unlimited).</summary>
    [JsonPropertyName("quantity")]
    public long? Quantity { get; init; }
}
