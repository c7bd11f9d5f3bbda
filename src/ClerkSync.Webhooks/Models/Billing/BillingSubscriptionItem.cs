using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A subscription item within a payment attempt.</summary>
public sealed record BillingSubscriptionItem : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object type (<c>commerce_subscription_item</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public SubscriptionItemStatus? Status { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long? UpdatedAt { get; init; }

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

    /// <summary>Gets the payer.</summary>
    [JsonPropertyName("payer")]
    public BillingPayer? Payer { get; init; }

    /// <summary>Gets the id of the parent subscription.</summary>
    [JsonPropertyName("subscription_id")]
    public string? SubscriptionId { get; init; }

    /// <summary>Gets the proration credit (deprecated: use Credits).</summary>
    [JsonPropertyName("credit")]
    public BillingSubscriptionCredit? Credit { get; init; }

    /// <summary>Gets the credits applied.</summary>
    [JsonPropertyName("credits")]
    public BillingSubscriptionCredits? Credits { get; init; }
}
