using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>How often a subscription item is charged. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<BillingInterval>))]
public readonly record struct BillingInterval(string Value) : IClerkStringEnum<BillingInterval>
{
    /// <summary>Gets <c>month</c>.</summary>
    public static BillingInterval Month { get; } = new("month");

    /// <summary>Gets <c>annual</c>.</summary>
    public static BillingInterval Annual { get; } = new("annual");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "month" or "annual";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static BillingInterval IClerkStringEnum<BillingInterval>.FromValue(string value) => new(value);
}
