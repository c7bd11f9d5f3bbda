namespace ClerkSync.EntityFrameworkCore;

/// <summary>A billing subscription item, a plan on a subscription (<c>clerk_subscription_items</c>).</summary>
public sealed class ClerkSubscriptionItem : ClerkMirrorEntity
{
    private ClerkSubscriptionItem()
    {
    }

    /// <summary>Gets the subscription's id.</summary>
    public string? SubscriptionId { get; private set; }

    /// <summary>Gets <c>active</c>, <c>canceled</c>, <c>upcoming</c>, <c>ended</c>, ...</summary>
    public string? Status { get; private set; }

    /// <summary>Gets the plan's id.</summary>
    public string? PlanId { get; private set; }

    /// <summary>Gets the plan's slug.</summary>
    public string? PlanSlug { get; private set; }

    /// <summary>Gets <c>month</c> or <c>annual</c>.</summary>
    public string? PlanPeriod { get; private set; }

    /// <summary>Gets the payer's id.</summary>
    public string? PayerId { get; private set; }

    /// <summary>Gets whether it is a free trial.</summary>
    public bool? IsFreeTrial { get; private set; }

    /// <summary>Gets when the period starts.</summary>
    public DateTimeOffset? PeriodStart { get; private set; }

    /// <summary>Gets when the period ends.</summary>
    public DateTimeOffset? PeriodEnd { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Gets the subscription, or null when the mirror has no row for it.</summary>
    public ClerkSubscription? Subscription { get; private set; }
}
