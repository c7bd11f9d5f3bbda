namespace ClerkSync.Webhooks;

/// <summary><c>user.created</c>: a user signed up or was created.</summary>
public sealed record UserCreatedEvent() : ClerkEvent<UserData>(ClerkEventTypes.UserCreated);

/// <summary><c>user.updated</c>: a user changed.</summary>
public sealed record UserUpdatedEvent() : ClerkEvent<UserData>(ClerkEventTypes.UserUpdated);

/// <summary><c>user.deleted</c>: a user was deleted (thin object).</summary>
public sealed record UserDeletedEvent() : ClerkEvent<DeletedObjectData>(ClerkEventTypes.UserDeleted);
