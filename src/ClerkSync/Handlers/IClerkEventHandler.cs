using ClerkSync.Webhooks;

namespace ClerkSync.Handlers;

/// <summary>
/// Handles one event type, after the delivery is stored and acknowledged (never inside the HTTP request). Register with
/// <c>AddClerkSync().AddHandler&lt;THandler&gt;()</c>; a handler of <see cref="ClerkEvent"/> receives every event,
/// unknown types included.
/// </summary>
/// <typeparam name="TEvent">The event type, such as <c>UserCreatedEvent</c>.</typeparam>
/// <remarks>
/// Delivery is at least once: a handler may see the same <see cref="ClerkDelivery.WebhookId"/> again after a failure, a
/// crash or a replay, so make it idempotent. Throwing fails the attempt; it is retried with backoff, then dead. Events
/// of the same Clerk entity are never handled concurrently. Handlers are resolved from a scope per delivery.
/// </remarks>
public interface IClerkEventHandler<in TEvent>
    where TEvent : ClerkEvent
{
    /// <summary>Handles an event.</summary>
    /// <param name="evt">The typed event.</param>
    /// <param name="delivery">The delivery: its id (<see cref="ClerkDelivery.WebhookId"/>), attempt number, received time.</param>
    /// <param name="ct">Cancelled when the host stops; the row is then released and handled again later.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task HandleAsync(TEvent evt, ClerkDelivery delivery, CancellationToken ct);
}

/// <summary>The delivery an event came in.</summary>
/// <param name="WebhookId">The delivery id (the <c>svix-id</c> or <c>webhook-id</c> header, <c>msg_...</c>): stable across retries and resends, the idempotency key.</param>
/// <param name="Attempt">The attempt number, 1 for the first (reset to 1 by a replay).</param>
/// <param name="ReceivedAt">When this service first received the delivery.</param>
/// <param name="EventType">The event type as sent (<c>user.created</c>).</param>
public sealed record ClerkDelivery(string WebhookId, int Attempt, DateTimeOffset ReceivedAt, string EventType);
