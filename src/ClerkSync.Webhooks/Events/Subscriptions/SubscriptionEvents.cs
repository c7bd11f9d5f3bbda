namespace ClerkSync.Webhooks;

/// <summary><c>subscription.created</c>: a billing subscription was created.</summary>
public sealed record SubscriptionCreatedEvent() : ClerkEvent<SubscriptionData>(ClerkEventTypes.SubscriptionCreated);

/// <summary><c>subscription.updated</c>: a billing subscription changed.</summary>
public sealed record SubscriptionUpdatedEvent() : ClerkEvent<SubscriptionData>(ClerkEventTypes.SubscriptionUpdated);

/// <summary><c>subscription.active</c>: a billing subscription became active.</summary>
public sealed record SubscriptionActiveEvent() : ClerkEvent<SubscriptionData>(ClerkEventTypes.SubscriptionActive);

/// <summary><c>subscription.pastDue</c>: a billing subscription became past due.</summary>
public sealed record SubscriptionPastDueEvent() : ClerkEvent<SubscriptionData>(ClerkEventTypes.SubscriptionPastDue);
