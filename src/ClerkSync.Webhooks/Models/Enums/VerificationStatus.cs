using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The status of a verification. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<VerificationStatus>))]
public readonly record struct VerificationStatus(string Value) : IClerkStringEnum<VerificationStatus>
{
    /// <summary>Gets <c>unverified</c>.</summary>
    public static VerificationStatus Unverified { get; } = new("unverified");

    /// <summary>Gets <c>verified</c>.</summary>
    public static VerificationStatus Verified { get; } = new("verified");

    /// <summary>Gets <c>failed</c>.</summary>
    public static VerificationStatus Failed { get; } = new("failed");

    /// <summary>Gets <c>expired</c>.</summary>
    public static VerificationStatus Expired { get; } = new("expired");

    /// <summary>Gets <c>transferable</c>.</summary>
    public static VerificationStatus Transferable { get; } = new("transferable");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "unverified" or "verified" or "failed" or "expired" or "transferable";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static VerificationStatus IClerkStringEnum<VerificationStatus>.FromValue(string value) => new(value);
}
