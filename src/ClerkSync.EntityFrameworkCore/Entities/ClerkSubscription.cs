namespace ClerkSync.EntityFrameworkCore;

/// <summary>A billing subscription (<c>clerk_subscriptions</c>).</summary>
public sealed class ClerkSubscription : ClerkMirrorEntity
{
    private readonly List<ClerkSubscriptionItem> _items = [];

    private ClerkSubscription()
    {
    }

    /// <summary>Gets <c>active</c>, <c>past_due</c>, ...</summary>
    public string? Status { get; private set; }

    /// <summary>Gets the payer's id.</summary>
    public string? PayerId { get; private set; }

    /// <summary>Gets the paying user, when a user pays.</summary>
    public string? UserId { get; private set; }

    /// <summary>Gets the paying organization, when an organization pays.</summary>
    public string? OrganizationId { get; private set; }

    /// <summary>Gets the latest payment's id.</summary>
    public string? LatestPaymentId { get; private set; }

    /// <summary>Gets when it became active.</summary>
    public DateTimeOffset? ActiveAt { get; private set; }

    /// <summary>Gets when it was canceled.</summary>
    public DateTimeOffset? CanceledAt { get; private set; }

    /// <summary>Gets when it ended.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Gets when it went past due.</summary>
    public DateTimeOffset? PastDueAt { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Gets the subscription's items (plans).</summary>
    public IReadOnlyCollection<ClerkSubscriptionItem> Items => _items;
}
