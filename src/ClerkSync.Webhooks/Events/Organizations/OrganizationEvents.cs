namespace ClerkSync.Webhooks;

/// <summary><c>organization.created</c>: an organization was created.</summary>
public sealed record OrganizationCreatedEvent() : ClerkEvent<OrganizationData>(ClerkEventTypes.OrganizationCreated);

/// <summary><c>organization.updated</c>: an organization changed.</summary>
public sealed record OrganizationUpdatedEvent() : ClerkEvent<OrganizationData>(ClerkEventTypes.OrganizationUpdated);

/// <summary><c>organization.deleted</c>: an organization was deleted (thin object).</summary>
public sealed record OrganizationDeletedEvent() : ClerkEvent<DeletedObjectData>(ClerkEventTypes.OrganizationDeleted);
