using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The status of a billing subscription item. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<SubscriptionItemStatus>))]
public readonly record struct SubscriptionItemStatus(string Value) : IClerkStringEnum<SubscriptionItemStatus>
{
    /// <summary>Gets <c>active</c>.</summary>
    public static SubscriptionItemStatus Active { get; } = new("active");

    /// <summary>Gets <c>past_due</c>.</summary>
    public static SubscriptionItemStatus PastDue { get; } = new("past_due");

    /// <summary>Gets <c>canceled</c>.</summary>
    public static SubscriptionItemStatus Canceled { get; } = new("canceled");

    /// <summary>Gets <c>ended</c>.</summary>
    public static SubscriptionItemStatus Ended { get; } = new("ended");

    /// <summary>Gets <c>expired</c>.</summary>
    public static SubscriptionItemStatus Expired { get; } = new("expired");

    /// <summary>Gets <c>abandoned</c>.</summary>
    public static SubscriptionItemStatus Abandoned { get; } = new("abandoned");

    /// <summary>Gets <c>incomplete</c>.</summary>
    public static SubscriptionItemStatus Incomplete { get; } = new("incomplete");

    /// <summary>Gets <c>upcoming</c>.</summary>
    public static SubscriptionItemStatus Upcoming { get; } = new("upcoming");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "active" or "past_due" or "canceled" or "ended" or "expired" or "abandoned" or "incomplete" or "upcoming";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static SubscriptionItemStatus IClerkStringEnum<SubscriptionItemStatus>.FromValue(string value) => new(value);
}
