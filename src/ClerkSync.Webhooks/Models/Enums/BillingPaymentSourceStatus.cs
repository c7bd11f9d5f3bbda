using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The status of a payment method. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<BillingPaymentSourceStatus>))]
public readonly record struct BillingPaymentSourceStatus(string Value) : IClerkStringEnum<BillingPaymentSourceStatus>
{
    /// <summary>Gets <c>active</c>.</summary>
    public static BillingPaymentSourceStatus Active { get; } = new("active");

    /// <summary>Gets <c>disconnected</c>.</summary>
    public static BillingPaymentSourceStatus Disconnected { get; } = new("disconnected");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "active" or "disconnected";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static BillingPaymentSourceStatus IClerkStringEnum<BillingPaymentSourceStatus>.FromValue(string value) => new(value);
}
