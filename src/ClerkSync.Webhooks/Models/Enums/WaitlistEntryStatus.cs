using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The status of a waitlist entry. Accepts values this version does not know: check <see cref="IsKnown"/>.</summary>
/// <param name="Value">The value as sent.</param>
[JsonConverter(typeof(ClerkStringEnumConverter<WaitlistEntryStatus>))]
public readonly record struct WaitlistEntryStatus(string Value) : IClerkStringEnum<WaitlistEntryStatus>
{
    /// <summary>Gets <c>pending</c>.</summary>
    public static WaitlistEntryStatus Pending { get; } = new("pending");

    /// <summary>Gets <c>invited</c>.</summary>
    public static WaitlistEntryStatus Invited { get; } = new("invited");

    /// <summary>Gets <c>rejected</c>.</summary>
    public static WaitlistEntryStatus Rejected { get; } = new("rejected");

    /// <summary>Gets <c>completed</c>.</summary>
    public static WaitlistEntryStatus Completed { get; } = new("completed");

    /// <summary>Gets a value indicating whether <see cref="Value"/> is one of the values above.</summary>
    public bool IsKnown => Value is "pending" or "invited" or "rejected" or "completed";

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The value as sent.</returns>
    public override string ToString() => Value;

    /// <inheritdoc/>
    static WaitlistEntryStatus IClerkStringEnum<WaitlistEntryStatus>.FromValue(string value) => new(value);
}
