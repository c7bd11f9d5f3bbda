namespace ClerkSync.Inbox;

/// <summary>A stored inbox row.</summary>
public sealed record InboxMessage
{
    /// <summary>Gets the delivery id (<c>svix-id</c>): the row's unique key.</summary>
    public required string WebhookId { get; init; }

    /// <summary>Gets the event type.</summary>
    public required string EventType { get; init; }

    /// <summary>Gets the envelope timestamp in unix milliseconds.</summary>
    public required long EventTimestamp { get; init; }

    /// <summary>Gets the ordering key, if any.</summary>
    public string? EntityKey { get; init; }

    /// <summary>Gets when the delivery was first received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Gets the raw body.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Gets the stored <c>svix-timestamp</c> header.</summary>
    public required string SignatureTimestamp { get; init; }

    /// <summary>Gets the stored <c>svix-signature</c> header.</summary>
    public required string Signature { get; init; }

    /// <summary>Gets the status.</summary>
    public required InboxStatus Status { get; init; }

    /// <summary>Gets how many attempts were made since the last replay (the claim that returned this row counts).</summary>
    public required int Attempts { get; init; }

    /// <summary>Gets when the row is next due.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Gets the last error (exception type and message), for failed and dead rows.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets the worker holding the lease.</summary>
    public string? LockedBy { get; init; }

    /// <summary>Gets when the lease expires.</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>Gets when processing succeeded.</summary>
    public DateTimeOffset? ProcessedAt { get; init; }

    /// <summary>Gets how many times the id arrived again with a different body (the first body is the one kept).</summary>
    public int Conflicts { get; init; }

    /// <summary>Gets when the id last arrived with a different body.</summary>
    public DateTimeOffset? LastConflictAt { get; init; }

    /// <summary>Gets the event type of the last conflicting body.</summary>
    public string? LastConflictType { get; init; }

    /// <summary>Gets every attempt and replay, oldest first (kept across replays).</summary>
    public IReadOnlyList<InboxAttempt> History { get; init; } = [];
}

/// <summary>One entry of a row's history.</summary>
/// <param name="Attempt">The attempt number (1-based since the last replay); 0 for a replay or a requeue.</param>
/// <param name="At">When it ended.</param>
/// <param name="Outcome"><c>done</c>, <c>failed</c>, <c>dead</c>, <c>released</c>, <c>replayed</c> or <c>requeued</c>.</param>
/// <param name="Error">The error, for failures.</param>
/// <param name="WorkerId">The worker, when one was involved.</param>
public sealed record InboxAttempt(int Attempt, DateTimeOffset At, string Outcome, string? Error = null, string? WorkerId = null);
