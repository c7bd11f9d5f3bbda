namespace ClerkSync.EntityFrameworkCore;

/// <summary>A billing payment attempt (<c>clerk_payment_attempts</c>).</summary>
public sealed class ClerkPaymentAttempt : ClerkMirrorEntity
{
    private ClerkPaymentAttempt()
    {
    }

    /// <summary>Gets the payment's id.</summary>
    public string? PaymentId { get; private set; }

    /// <summary>Gets <c>pending</c>, <c>paid</c> or <c>failed</c>.</summary>
    public string? Status { get; private set; }

    /// <summary>Gets <c>checkout</c> or <c>recurring</c>.</summary>
    public string? ChargeType { get; private set; }

    /// <summary>Gets the payer's id.</summary>
    public string? PayerId { get; private set; }

    /// <summary>Gets the paying user.</summary>
    public string? UserId { get; private set; }

    /// <summary>Gets the grand total in minor units.</summary>
    public long? GrandTotalAmount { get; private set; }

    /// <summary>Gets the grand total's currency.</summary>
    public string? Currency { get; private set; }

    /// <summary>Gets the billing date.</summary>
    public DateTimeOffset? BillingDate { get; private set; }

    /// <summary>Gets when it was paid.</summary>
    public DateTimeOffset? PaidAt { get; private set; }

    /// <summary>Gets when it failed.</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }
}
