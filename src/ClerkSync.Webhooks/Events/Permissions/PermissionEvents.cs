namespace ClerkSync.Webhooks;

/// <summary><c>permission.created</c>: a permission was created.</summary>
public sealed record PermissionCreatedEvent() : ClerkEvent<PermissionData>(ClerkEventTypes.PermissionCreated);

/// <summary><c>permission.updated</c>: a permission changed.</summary>
public sealed record PermissionUpdatedEvent() : ClerkEvent<PermissionData>(ClerkEventTypes.PermissionUpdated);

/// <summary><c>permission.deleted</c>: a permission was deleted; the data is a deleted object or the full permission.</summary>
public sealed record PermissionDeletedEvent() : ClerkEvent<PermissionDeletedData>(ClerkEventTypes.PermissionDeleted);
