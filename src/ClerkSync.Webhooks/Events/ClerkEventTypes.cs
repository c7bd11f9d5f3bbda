namespace ClerkSync.Webhooks;

/// <summary>The wire names of the 46 Clerk event types this version models (the <c>type</c> of the envelope).</summary>
public static class ClerkEventTypes
{
    /// <summary><c>user.created</c>.</summary>
    public const string UserCreated = "user.created";

    /// <summary><c>user.updated</c>.</summary>
    public const string UserUpdated = "user.updated";

    /// <summary><c>user.deleted</c>.</summary>
    public const string UserDeleted = "user.deleted";

    /// <summary><c>session.created</c>.</summary>
    public const string SessionCreated = "session.created";

    /// <summary><c>session.ended</c>.</summary>
    public const string SessionEnded = "session.ended";

    /// <summary><c>session.removed</c>.</summary>
    public const string SessionRemoved = "session.removed";

    /// <summary><c>session.revoked</c>.</summary>
    public const string SessionRevoked = "session.revoked";

    /// <summary><c>session.pending</c>.</summary>
    public const string SessionPending = "session.pending";

    /// <summary><c>email.created</c>.</summary>
    public const string EmailCreated = "email.created";

    /// <summary><c>sms.created</c>.</summary>
    public const string SmsCreated = "sms.created";

    /// <summary><c>organization.created</c>.</summary>
    public const string OrganizationCreated = "organization.created";

    /// <summary><c>organization.updated</c>.</summary>
    public const string OrganizationUpdated = "organization.updated";

    /// <summary><c>organization.deleted</c>.</summary>
    public const string OrganizationDeleted = "organization.deleted";

    /// <summary><c>organizationDomain.created</c>.</summary>
    public const string OrganizationDomainCreated = "organizationDomain.created";

    /// <summary><c>organizationDomain.updated</c>.</summary>
    public const string OrganizationDomainUpdated = "organizationDomain.updated";

    /// <summary><c>organizationDomain.deleted</c>.</summary>
    public const string OrganizationDomainDeleted = "organizationDomain.deleted";

    /// <summary><c>organizationMembership.created</c>.</summary>
    public const string OrganizationMembershipCreated = "organizationMembership.created";

    /// <summary><c>organizationMembership.updated</c>.</summary>
    public const string OrganizationMembershipUpdated = "organizationMembership.updated";

    /// <summary><c>organizationMembership.deleted</c>.</summary>
    public const string OrganizationMembershipDeleted = "organizationMembership.deleted";

    /// <summary><c>organizationInvitation.created</c>.</summary>
    public const string OrganizationInvitationCreated = "organizationInvitation.created";

    /// <summary><c>organizationInvitation.accepted</c>.</summary>
    public const string OrganizationInvitationAccepted = "organizationInvitation.accepted";

    /// <summary><c>organizationInvitation.revoked</c>.</summary>
    public const string OrganizationInvitationRevoked = "organizationInvitation.revoked";

    /// <summary><c>role.created</c>.</summary>
    public const string RoleCreated = "role.created";

    /// <summary><c>role.updated</c>.</summary>
    public const string RoleUpdated = "role.updated";

    /// <summary><c>role.deleted</c>.</summary>
    public const string RoleDeleted = "role.deleted";

    /// <summary><c>permission.created</c>.</summary>
    public const string PermissionCreated = "permission.created";

    /// <summary><c>permission.updated</c>.</summary>
    public const string PermissionUpdated = "permission.updated";

    /// <summary><c>permission.deleted</c>.</summary>
    public const string PermissionDeleted = "permission.deleted";

    /// <summary><c>waitlistEntry.created</c>.</summary>
    public const string WaitlistEntryCreated = "waitlistEntry.created";

    /// <summary><c>waitlistEntry.updated</c>.</summary>
    public const string WaitlistEntryUpdated = "waitlistEntry.updated";

    /// <summary><c>paymentAttempt.created</c>.</summary>
    public const string PaymentAttemptCreated = "paymentAttempt.created";

    /// <summary><c>paymentAttempt.updated</c>.</summary>
    public const string PaymentAttemptUpdated = "paymentAttempt.updated";

    /// <summary><c>subscription.created</c>.</summary>
    public const string SubscriptionCreated = "subscription.created";

    /// <summary><c>subscription.updated</c>.</summary>
    public const string SubscriptionUpdated = "subscription.updated";

    /// <summary><c>subscription.active</c>.</summary>
    public const string SubscriptionActive = "subscription.active";

    /// <summary><c>subscription.pastDue</c>.</summary>
    public const string SubscriptionPastDue = "subscription.pastDue";

    /// <summary><c>subscriptionItem.created</c>.</summary>
    public const string SubscriptionItemCreated = "subscriptionItem.created";

    /// <summary><c>subscriptionItem.updated</c>.</summary>
    public const string SubscriptionItemUpdated = "subscriptionItem.updated";

    /// <summary><c>subscriptionItem.active</c>.</summary>
    public const string SubscriptionItemActive = "subscriptionItem.active";

    /// <summary><c>subscriptionItem.canceled</c>.</summary>
    public const string SubscriptionItemCanceled = "subscriptionItem.canceled";

    /// <summary><c>subscriptionItem.upcoming</c>.</summary>
    public const string SubscriptionItemUpcoming = "subscriptionItem.upcoming";

    /// <summary><c>subscriptionItem.ended</c>.</summary>
    public const string SubscriptionItemEnded = "subscriptionItem.ended";

    /// <summary><c>subscriptionItem.abandoned</c>.</summary>
    public const string SubscriptionItemAbandoned = "subscriptionItem.abandoned";

    /// <summary><c>subscriptionItem.incomplete</c>.</summary>
    public const string SubscriptionItemIncomplete = "subscriptionItem.incomplete";

    /// <summary><c>subscriptionItem.pastDue</c>.</summary>
    public const string SubscriptionItemPastDue = "subscriptionItem.pastDue";

    /// <summary><c>subscriptionItem.freeTrialEnding</c>.</summary>
    public const string SubscriptionItemFreeTrialEnding = "subscriptionItem.freeTrialEnding";

    /// <summary>Gets every type above, in catalog order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        UserCreated,
        UserUpdated,
        UserDeleted,
        SessionCreated,
        SessionEnded,
        SessionRemoved,
        SessionRevoked,
        SessionPending,
        EmailCreated,
        SmsCreated,
        OrganizationCreated,
        OrganizationUpdated,
        OrganizationDeleted,
        OrganizationDomainCreated,
        OrganizationDomainUpdated,
        OrganizationDomainDeleted,
        OrganizationMembershipCreated,
        OrganizationMembershipUpdated,
        OrganizationMembershipDeleted,
        OrganizationInvitationCreated,
        OrganizationInvitationAccepted,
        OrganizationInvitationRevoked,
        RoleCreated,
        RoleUpdated,
        RoleDeleted,
        PermissionCreated,
        PermissionUpdated,
        PermissionDeleted,
        WaitlistEntryCreated,
        WaitlistEntryUpdated,
        PaymentAttemptCreated,
        PaymentAttemptUpdated,
        SubscriptionCreated,
        SubscriptionUpdated,
        SubscriptionActive,
        SubscriptionPastDue,
        SubscriptionItemCreated,
        SubscriptionItemUpdated,
        SubscriptionItemActive,
        SubscriptionItemCanceled,
        SubscriptionItemUpcoming,
        SubscriptionItemEnded,
        SubscriptionItemAbandoned,
        SubscriptionItemIncomplete,
        SubscriptionItemPastDue,
        SubscriptionItemFreeTrialEnding,
    ];
}
