using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A billing subscription item (<c>subscriptionItem.*</c>, and within a subscription).</summary>
public sealed record SubscriptionItemData : ClerkModel
{
    /// <summary>Gets the object type (<c>commerce_subscription_item</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the subscription item id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public SubscriptionItemStatus? Status { get; init; }

    /// <summary>Gets a value indicating whether the item is in a free trial.</summary>
    [JsonPropertyName("is_free_trial")]
    public bool IsFreeTrial { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }

    /// <summary>Gets when the period starts, in Unix milliseconds.</summary>
    [JsonPropertyName("period_start")]
    public long PeriodStart { get; init; }

    /// <summary>Gets when the period ends, in Unix milliseconds (null for the default plan).</summary>
    [JsonPropertyName("period_end")]
    public long? PeriodEnd { get; init; }

    /// <summary>Gets the billing interval.</summary>
    [JsonPropertyName("interval")]
    public BillingInterval? Interval { get; init; }

    /// <summary>Gets the plan id.</summary>
    [JsonPropertyName("plan_id")]
    public string? PlanId { get; init; }

    /// <summary>Gets the plan.</summary>
    [JsonPropertyName("plan")]
    public BillingPlan? Plan { get; init; }

    /// <summary>Gets the payer (standalone events only).</summary>
    [JsonPropertyName("payer")]
    public BillingPayer? Payer { get; init; }

    /// <summary>Gets the id of the parent subscription (standalone events only).</summary>
    [JsonPropertyName("subscription_id")]
    public string? SubscriptionId { get; init; }

    /// <summary>Gets the seat entitlement.</summary>
    [JsonPropertyName("seats")]
    public BillingSeats? Seats { get; init; }
}
