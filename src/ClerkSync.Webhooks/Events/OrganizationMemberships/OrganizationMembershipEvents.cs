namespace ClerkSync.Webhooks;

/// <summary><c>organizationMembership.created</c>: a user joined an organization.</summary>
public sealed record OrganizationMembershipCreatedEvent() : ClerkEvent<OrganizationMembershipData>(ClerkEventTypes.OrganizationMembershipCreated);

/// <summary><c>organizationMembership.updated</c>: a membership changed (role, metadata).</summary>
public sealed record OrganizationMembershipUpdatedEvent() : ClerkEvent<OrganizationMembershipData>(ClerkEventTypes.OrganizationMembershipUpdated);

/// <summary><c>organizationMembership.deleted</c>: a user left an organization; carries the membership's full last state.</summary>
public sealed record OrganizationMembershipDeletedEvent() : ClerkEvent<OrganizationMembershipData>(ClerkEventTypes.OrganizationMembershipDeleted);
