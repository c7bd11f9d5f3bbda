using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A billing subscription (<c>subscription.*</c>).</summary>
public sealed record SubscriptionData : ClerkModel
{
    /// <summary>Gets the object type (<c>commerce_subscription</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the subscription id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public SubscriptionStatus? Status { get; init; }

    /// <summary>Gets when it became active, in Unix milliseconds.</summary>
    [JsonPropertyName("active_at")]
    public long? ActiveAt { get; init; }

    /// <summary>Gets when it was canceled, in Unix milliseconds.</summary>
    [JsonPropertyName("canceled_at")]
    public long? CanceledAt { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it ended, in Unix milliseconds.</summary>
    [JsonPropertyName("ended_at")]
    public long? EndedAt { get; init; }

    /// <summary>Gets when it became past due, in Unix milliseconds.</summary>
    [JsonPropertyName("past_due_at")]
    public long? PastDueAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }

    /// <summary>Gets the id of the latest payment attempt.</summary>
    [JsonPropertyName("latest_payment_id")]
    public string? LatestPaymentId { get; init; }

    /// <summary>Gets the payer id.</summary>
    [JsonPropertyName("payer_id")]
    public string? PayerId { get; init; }

    /// <summary>Gets the payer.</summary>
    [JsonPropertyName("payer")]
    public BillingPayer? Payer { get; init; }

    /// <summary>Gets the id of the payment method.</summary>
    [JsonPropertyName("payment_source_id")]
    public string? PaymentSourceId { get; init; }

    /// <summary>Gets the items: the periods the subscription spent in each state.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<SubscriptionItemData>? Items { get; init; }
}
