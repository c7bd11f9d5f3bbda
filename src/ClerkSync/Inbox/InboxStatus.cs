namespace ClerkSync.Inbox;

/// <summary>Where a stored delivery stands. Stored as lower-case text (<c>pending</c>, ...) in the <c>status</c> column.</summary>
public enum InboxStatus
{
    /// <summary>Stored and acknowledged, waiting for a worker.</summary>
    Pending = 0,

    /// <summary>Claimed by a worker under a lease (<c>locked_by</c>, <c>locked_until</c>); an expired lease is claimable again.</summary>
    Processing = 1,

    /// <summary>Every handler and the mirror succeeded.</summary>
    Done = 2,

    /// <summary>An attempt failed; retried at <c>next_attempt_at</c>.</summary>
    Failed = 3,

    /// <summary>Out of attempts (or a non-transient failure): kept with its error until replayed.</summary>
    Dead = 4,
}
