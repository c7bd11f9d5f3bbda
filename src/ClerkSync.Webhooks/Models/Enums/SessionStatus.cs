using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The status of a session. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<SessionStatus>))]
public readonly record struct SessionStatus(string Value) : IClerkStringEnum<SessionStatus>
{
    /// <summary>Gets <c>active</c>.</summary>
    public static SessionStatus Active { get; } = new("active");

    /// <summary>Gets <c>pending</c>.</summary>
    public static SessionStatus Pending { get; } = new("pending");

    /// <summary>Gets <c>revoked</c>.</summary>
    public static SessionStatus Revoked { get; } = new("revoked");

    /// <summary>Gets <c>ended</c>.</summary>
    public static SessionStatus Ended { get; } = new("ended");

    /// <summary>Gets <c>expired</c>.</summary>
    public static SessionStatus Expired { get; } = new("expired");

    /// <summary>Gets <c>removed</c>.</summary>
    public static SessionStatus Removed { get; } = new("removed");

    /// <summary>Gets <c>abandoned</c>.</summary>
    public static SessionStatus Abandoned { get; } = new("abandoned");

    /// <summary>Gets <c>replaced</c>.</summary>
    public static SessionStatus Replaced { get; } = new("replaced");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "active" or "pending" or "revoked" or "ended" or "expired" or "removed" or "abandoned" or "replaced";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static SessionStatus IClerkStringEnum<SessionStatus>.FromValue(string value) => new(value);
}
