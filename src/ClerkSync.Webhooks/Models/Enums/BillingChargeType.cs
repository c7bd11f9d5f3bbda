using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The kind of a billing charge. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<BillingChargeType>))]
public readonly record struct BillingChargeType(string Value) : IClerkStringEnum<BillingChargeType>
{
    /// <summary>Gets <c>checkout</c>.</summary>
    public static BillingChargeType Checkout { get; } = new("checkout");

    /// <summary>Gets <c>recurring</c>.</summary>
    public static BillingChargeType Recurring { get; } = new("recurring");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "checkout" or "recurring";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static BillingChargeType IClerkStringEnum<BillingChargeType>.FromValue(string value) => new(value);
}
