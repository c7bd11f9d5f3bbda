namespace ClerkSync.Webhooks;

/// <summary><c>organizationDomain.created</c>: an organization domain was added.</summary>
public sealed record OrganizationDomainCreatedEvent() : ClerkEvent<OrganizationDomainData>(ClerkEventTypes.OrganizationDomainCreated);

/// <summary><c>organizationDomain.updated</c>: an organization domain changed.</summary>
public sealed record OrganizationDomainUpdatedEvent() : ClerkEvent<OrganizationDomainData>(ClerkEventTypes.OrganizationDomainUpdated);

/// <summary><c>organizationDomain.deleted</c>: an organization domain was removed (thin object).</summary>
public sealed record OrganizationDomainDeletedEvent() : ClerkEvent<DeletedObjectData>(ClerkEventTypes.OrganizationDomainDeleted);
