using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>
/// Source-generated metadata for every Clerk event record (STYLE 9). Use it through <see cref="ClerkJson.Options"/>,
/// which adds the contract modifier that keeps explicit nulls; a test fails when an event type is missing here.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(UnknownClerkEvent))]
[JsonSerializable(typeof(UserCreatedEvent))]
[JsonSerializable(typeof(UserUpdatedEvent))]
[JsonSerializable(typeof(UserDeletedEvent))]
[JsonSerializable(typeof(SessionCreatedEvent))]
[JsonSerializable(typeof(SessionEndedEvent))]
[JsonSerializable(typeof(SessionRemovedEvent))]
[JsonSerializable(typeof(SessionRevokedEvent))]
[JsonSerializable(typeof(SessionPendingEvent))]
[JsonSerializable(typeof(EmailCreatedEvent))]
[JsonSerializable(typeof(SmsCreatedEvent))]
[JsonSerializable(typeof(OrganizationCreatedEvent))]
[JsonSerializable(typeof(OrganizationUpdatedEvent))]
[JsonSerializable(typeof(OrganizationDeletedEvent))]
[JsonSerializable(typeof(OrganizationDomainCreatedEvent))]
[JsonSerializable(typeof(OrganizationDomainUpdatedEvent))]
[JsonSerializable(typeof(OrganizationDomainDeletedEvent))]
[JsonSerializable(typeof(OrganizationMembershipCreatedEvent))]
[JsonSerializable(typeof(OrganizationMembershipUpdatedEvent))]
[JsonSerializable(typeof(OrganizationMembershipDeletedEvent))]
[JsonSerializable(typeof(OrganizationInvitationCreatedEvent))]
[JsonSerializable(typeof(OrganizationInvitationAcceptedEvent))]
[JsonSerializable(typeof(OrganizationInvitationRevokedEvent))]
[JsonSerializable(typeof(RoleCreatedEvent))]
[JsonSerializable(typeof(RoleUpdatedEvent))]
[JsonSerializable(typeof(RoleDeletedEvent))]
[JsonSerializable(typeof(PermissionCreatedEvent))]
[JsonSerializable(typeof(PermissionUpdatedEvent))]
[JsonSerializable(typeof(PermissionDeletedEvent))]
[JsonSerializable(typeof(WaitlistEntryCreatedEvent))]
[JsonSerializable(typeof(WaitlistEntryUpdatedEvent))]
[JsonSerializable(typeof(PaymentAttemptCreatedEvent))]
[JsonSerializable(typeof(PaymentAttemptUpdatedEvent))]
[JsonSerializable(typeof(SubscriptionCreatedEvent))]
[JsonSerializable(typeof(SubscriptionUpdatedEvent))]
[JsonSerializable(typeof(SubscriptionActiveEvent))]
[JsonSerializable(typeof(SubscriptionPastDueEvent))]
[JsonSerializable(typeof(SubscriptionItemCreatedEvent))]
[JsonSerializable(typeof(SubscriptionItemUpdatedEvent))]
[JsonSerializable(typeof(SubscriptionItemActiveEvent))]
[JsonSerializable(typeof(SubscriptionItemCanceledEvent))]
[JsonSerializable(typeof(SubscriptionItemUpcomingEvent))]
[JsonSerializable(typeof(SubscriptionItemEndedEvent))]
[JsonSerializable(typeof(SubscriptionItemAbandonedEvent))]
[JsonSerializable(typeof(SubscriptionItemIncompleteEvent))]
[JsonSerializable(typeof(SubscriptionItemPastDueEvent))]
[JsonSerializable(typeof(SubscriptionItemFreeTrialEndingEvent))]
internal sealed partial class ClerkJsonContext : JsonSerializerContext
{
}
