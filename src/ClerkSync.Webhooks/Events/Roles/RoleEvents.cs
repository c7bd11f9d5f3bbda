namespace ClerkSync.Webhooks;

/// <summary><c>role.created</c>: a role was created.</summary>
public sealed record RoleCreatedEvent() : ClerkEvent<RoleData>(ClerkEventTypes.RoleCreated);

/// <summary><c>role.updated</c>: a role changed.</summary>
public sealed record RoleUpdatedEvent() : ClerkEvent<RoleData>(ClerkEventTypes.RoleUpdated);

/// <summary><c>role.deleted</c>: a role was deleted; the data is a deleted object or the full role.</summary>
public sealed record RoleDeletedEvent() : ClerkEvent<RoleDeletedData>(ClerkEventTypes.RoleDeleted);
