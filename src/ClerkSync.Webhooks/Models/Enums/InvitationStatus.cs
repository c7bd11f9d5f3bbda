using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The status of an invitation (organization or application). Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<InvitationStatus>))]
public readonly record struct InvitationStatus(string Value) : IClerkStringEnum<InvitationStatus>
{
    /// <summary>Gets <c>pending</c>.</summary>
    public static InvitationStatus Pending { get; } = new("pending");

    /// <summary>Gets <c>accepted</c>.</summary>
    public static InvitationStatus Accepted { get; } = new("accepted");

    /// <summary>Gets <c>revoked</c>.</summary>
    public static InvitationStatus Revoked { get; } = new("revoked");

    /// <summary>Gets <c>expired</c>.</summary>
    public static InvitationStatus Expired { get; } = new("expired");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "pending" or "accepted" or "revoked" or "expired";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static InvitationStatus IClerkStringEnum<InvitationStatus>.FromValue(string value) => new(value);
}
