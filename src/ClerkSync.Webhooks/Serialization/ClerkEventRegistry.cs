using System.Collections.Frozen;

namespace ClerkSync.Webhooks;

/// <summary>Maps each wire type to its sealed event record (every one is registered in <see cref="ClerkJsonContext"/>).</summary>
internal static class ClerkEventRegistry
{
    /// <summary>Gets the CLR type of each known wire type.</summary>
    internal static FrozenDictionary<string, Type> EventTypes { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [ClerkEventTypes.UserCreated] = typeof(UserCreatedEvent),
        [ClerkEventTypes.UserUpdated] = typeof(UserUpdatedEvent),
        [ClerkEventTypes.UserDeleted] = typeof(UserDeletedEvent),
        [ClerkEventTypes.SessionCreated] = typeof(SessionCreatedEvent),
        [ClerkEventTypes.SessionEnded] = typeof(SessionEndedEvent),
        [ClerkEventTypes.SessionRemoved] = typeof(SessionRemovedEvent),
        [ClerkEventTypes.SessionRevoked] = typeof(SessionRevokedEvent),
        [ClerkEventTypes.SessionPending] = typeof(SessionPendingEvent),
        [ClerkEventTypes.EmailCreated] = typeof(EmailCreatedEvent),
        [ClerkEventTypes.SmsCreated] = typeof(SmsCreatedEvent),
        [ClerkEventTypes.OrganizationCreated] = typeof(OrganizationCreatedEvent),
        [ClerkEventTypes.OrganizationUpdated] = typeof(OrganizationUpdatedEvent),
        [ClerkEventTypes.OrganizationDeleted] = typeof(OrganizationDeletedEvent),
        [ClerkEventTypes.OrganizationDomainCreated] = typeof(OrganizationDomainCreatedEvent),
        [ClerkEventTypes.OrganizationDomainUpdated] = typeof(OrganizationDomainUpdatedEvent),
        [ClerkEventTypes.OrganizationDomainDeleted] = typeof(OrganizationDomainDeletedEvent),
        [ClerkEventTypes.OrganizationMembershipCreated] = typeof(OrganizationMembershipCreatedEvent),
        [ClerkEventTypes.OrganizationMembershipUpdated] = typeof(OrganizationMembershipUpdatedEvent),
        [ClerkEventTypes.OrganizationMembershipDeleted] = typeof(OrganizationMembershipDeletedEvent),
        [ClerkEventTypes.OrganizationInvitationCreated] = typeof(OrganizationInvitationCreatedEvent),
        [ClerkEventTypes.OrganizationInvitationAccepted] = typeof(OrganizationInvitationAcceptedEvent),
        [ClerkEventTypes.OrganizationInvitationRevoked] = typeof(OrganizationInvitationRevokedEvent),
        [ClerkEventTypes.RoleCreated] = typeof(RoleCreatedEvent),
        [ClerkEventTypes.RoleUpdated] = typeof(RoleUpdatedEvent),
        [ClerkEventTypes.RoleDeleted] = typeof(RoleDeletedEvent),
        [ClerkEventTypes.PermissionCreated] = typeof(PermissionCreatedEvent),
        [ClerkEventTypes.PermissionUpdated] = typeof(PermissionUpdatedEvent),
        [ClerkEventTypes.PermissionDeleted] = typeof(PermissionDeletedEvent),
        [ClerkEventTypes.WaitlistEntryCreated] = typeof(WaitlistEntryCreatedEvent),
        [ClerkEventTypes.WaitlistEntryUpdated] = typeof(WaitlistEntryUpdatedEvent),
        [ClerkEventTypes.PaymentAttemptCreated] = typeof(PaymentAttemptCreatedEvent),
        [ClerkEventTypes.PaymentAttemptUpdated] = typeof(PaymentAttemptUpdatedEvent),
        [ClerkEventTypes.SubscriptionCreated] = typeof(SubscriptionCreatedEvent),
        [ClerkEventTypes.SubscriptionUpdated] = typeof(SubscriptionUpdatedEvent),
        [ClerkEventTypes.SubscriptionActive] = typeof(SubscriptionActiveEvent),
        [ClerkEventTypes.SubscriptionPastDue] = typeof(SubscriptionPastDueEvent),
        [ClerkEventTypes.SubscriptionItemCreated] = typeof(SubscriptionItemCreatedEvent),
        [ClerkEventTypes.SubscriptionItemUpdated] = typeof(SubscriptionItemUpdatedEvent),
        [ClerkEventTypes.SubscriptionItemActive] = typeof(SubscriptionItemActiveEvent),
        [ClerkEventTypes.SubscriptionItemCanceled] = typeof(SubscriptionItemCanceledEvent),
        [ClerkEventTypes.SubscriptionItemUpcoming] = typeof(SubscriptionItemUpcomingEvent),
        [ClerkEventTypes.SubscriptionItemEnded] = typeof(SubscriptionItemEndedEvent),
        [ClerkEventTypes.SubscriptionItemAbandoned] = typeof(SubscriptionItemAbandonedEvent),
        [ClerkEventTypes.SubscriptionItemIncomplete] = typeof(SubscriptionItemIncompleteEvent),
        [ClerkEventTypes.SubscriptionItemPastDue] = typeof(SubscriptionItemPastDueEvent),
        [ClerkEventTypes.SubscriptionItemFreeTrialEnding] = typeof(SubscriptionItemFreeTrialEndingEvent),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
