using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The status of a billing subscription. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<SubscriptionStatus>))]
public readonly record struct SubscriptionStatus(string Value) : IClerkStringEnum<SubscriptionStatus>
{
    /// <summary>Gets <c>active</c>.</summary>
    public static SubscriptionStatus Active { get; } = new("active");

    /// <summary>Gets <c>past_due</c>.</summary>
    public static SubscriptionStatus PastDue { get; } = new("past_due");

    /// <summary>Gets <c>canceled</c>.</summary>
    public static SubscriptionStatus Canceled { get; } = new("canceled");

    /// <summary>Gets <c>ended</c>.</summary>
    public static SubscriptionStatus Ended { get; } = new("ended");

    /// <summary>Gets <c>abandoned</c>.</summary>
    public static SubscriptionStatus Abandoned { get; } = new("abandoned");

    /// <summary>Gets <c>incomplete</c>.</summary>
    public static SubscriptionStatus Incomplete { get; } = new("incomplete");

    /// <summary>Gets <c>upcoming</c>.</summary>
    public static SubscriptionStatus Upcoming { get; } = new("upcoming");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "active" or "past_due" or "canceled" or "ended" or "abandoned" or "incomplete" or "upcoming";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static SubscriptionStatus IClerkStringEnum<SubscriptionStatus>.FromValue(string value) => new(value);
}
