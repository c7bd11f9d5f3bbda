namespace ClerkSync.Webhooks;

/// <summary><c>organizationInvitation.created</c>: a user was invited to an organization.</summary>
public sealed record OrganizationInvitationCreatedEvent() : ClerkEvent<OrganizationInvitationData>(ClerkEventTypes.OrganizationInvitationCreated);

/// <summary><c>organizationInvitation.accepted</c>: an organization invitation was accepted (adds user_id).</summary>
public sealed record OrganizationInvitationAcceptedEvent() : ClerkEvent<OrganizationInvitationData>(ClerkEventTypes.OrganizationInvitationAccepted);

/// <summary><c>organizationInvitation.revoked</c>: an organization invitation was revoked.</summary>
public sealed record OrganizationInvitationRevokedEvent() : ClerkEvent<OrganizationInvitationData>(ClerkEventTypes.OrganizationInvitationRevoked);
