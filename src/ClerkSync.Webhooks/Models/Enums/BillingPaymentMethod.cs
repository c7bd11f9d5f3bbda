using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The kind of a payment method. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<BillingPaymentMethod>))]
public readonly record struct BillingPaymentMethod(string Value) : IClerkStringEnum<BillingPaymentMethod>
{
    /// <summary>Gets <c>card</c>.</summary>
    public static BillingPaymentMethod Card { get; } = new("card");

    /// <summary>Gets <c>link</c>.</summary>
    public static BillingPaymentMethod Link { get; } = new("link");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "card" or "link";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static BillingPaymentMethod IClerkStringEnum<BillingPaymentMethod>.FromValue(string value) => new(value);
}
