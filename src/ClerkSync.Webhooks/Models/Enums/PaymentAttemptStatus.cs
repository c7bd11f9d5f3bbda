using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The status of a billing payment attempt. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<PaymentAttemptStatus>))]
public readonly record struct PaymentAttemptStatus(string Value) : IClerkStringEnum<PaymentAttemptStatus>
{
    /// <summary>Gets <c>pending</c>.</summary>
    public static PaymentAttemptStatus Pending { get; } = new("pending");

    /// <summary>Gets <c>paid</c>.</summary>
    public static PaymentAttemptStatus Paid { get; } = new("paid");

    /// <summary>Gets <c>failed</c>.</summary>
    public static PaymentAttemptStatus Failed { get; } = new("failed");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "pending" or "paid" or "failed";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static PaymentAttemptStatus IClerkStringEnum<PaymentAttemptStatus>.FromValue(string value) => new(value);
}
