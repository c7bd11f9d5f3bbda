namespace ClerkSync.Inbox;

/// <summary>A verified delivery, as the endpoint hands it to the inbox: the raw bytes and what is needed to re-verify them.</summary>
public sealed record InboxDelivery
{
    /// <summary>Gets the delivery id (the <c>svix-id</c> or <c>webhook-id</c> header): the idempotency key, stable across retries and resends.</summary>
    public required string WebhookId { get; init; }

    /// <summary>Gets the event type (<c>user.created</c>, or an unknown type, kept as sent).</summary>
    public required string EventType { get; init; }

    /// <summary>Gets the event's envelope timestamp in unix milliseconds.</summary>
    public required long EventTimestamp { get; init; }

    /// <summary>Gets the ordering key (<c>user:user_123</c>): events with the same key are never processed concurrently.</summary>
    public string? EntityKey { get; init; }

    /// <summary>Gets when this instance received the delivery.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Gets the body exactly as received.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Gets the <c>svix-timestamp</c> header of the stored attempt (to re-verify offline).</summary>
    public required string SignatureTimestamp { get; init; }

    /// <summary>Gets the <c>svix-signature</c> header of the stored attempt (to re-verify offline).</summary>
    public required string Signature { get; init; }
}

/// <summary>What <see cref="IInboxStore.AddAsync"/> did. Every value means the delivery is durable: answer 2xx.</summary>
public enum InboxAddResult
{
    /// <summary>A new row was written.</summary>
    Stored = 0,

    /// <summary>The id was already stored (pending, processing or done): nothing written.</summary>
    Duplicate = 1,

    /// <summary>The id was stored as failed or dead: a resend from the dashboard puts it back to pending (attempts reset, history kept).</summary>
    Requeued = 2,

    /// <summary>
    /// The id was already stored with a different body: the first body is kept and the conflict counted
    /// (<see cref="InboxMessage.Conflicts"/>); answered like a duplicate.
    /// </summary>
    Conflict = 3,
}
