namespace ClerkSync.Webhooks;

/// <summary><c>subscriptionItem.created</c>: a billing subscription item was created.</summary>
public sealed record SubscriptionItemCreatedEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemCreated);

/// <summary><c>subscriptionItem.updated</c>: a billing subscription item changed.</summary>
public sealed record SubscriptionItemUpdatedEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemUpdated);

/// <summary><c>subscriptionItem.active</c>: a billing subscription item became active.</summary>
public sealed record SubscriptionItemActiveEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemActive);

/// <summary><c>subscriptionItem.canceled</c>: a billing subscription item was canceled (it ends with the period).</summary>
public sealed record SubscriptionItemCanceledEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemCanceled);

/// <summary><c>subscriptionItem.upcoming</c>: a billing subscription item was scheduled to start.</summary>
public sealed record SubscriptionItemUpcomingEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemUpcoming);

/// <summary><c>subscriptionItem.ended</c>: a billing subscription item ended.</summary>
public sealed record SubscriptionItemEndedEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemEnded);

/// <summary><c>subscriptionItem.abandoned</c>: a scheduled billing subscription item was superseded before it started.</summary>
public sealed record SubscriptionItemAbandonedEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemAbandoned);

/// <summary><c>subscriptionItem.incomplete</c>: a billing subscription item needs more payer action before it can be active.</summary>
public sealed record SubscriptionItemIncompleteEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemIncomplete);

/// <summary><c>subscriptionItem.pastDue</c>: a payment on a billing subscription item is overdue.</summary>
public sealed record SubscriptionItemPastDueEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemPastDue);

/// <summary><c>subscriptionItem.freeTrialEnding</c>: the free trial of a billing subscription item is about to end.</summary>
public sealed record SubscriptionItemFreeTrialEndingEvent() : ClerkEvent<SubscriptionItemData>(ClerkEventTypes.SubscriptionItemFreeTrialEnding);
