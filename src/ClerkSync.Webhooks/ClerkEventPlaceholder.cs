// TEMPORARY: replaced by the typed catalog from branch `events` (issue #2). Lets the runtime compile meanwhile.
namespace ClerkSync.Webhooks;

/// <summary>Placeholder for the Clerk event envelope.</summary>
public abstract record ClerkEvent
{
    /// <summary>Gets the event type.</summary>
    public required string Type { get; init; }

    /// <summary>Gets the envelope timestamp in unix milliseconds.</summary>
    public long Timestamp { get; init; }
}
