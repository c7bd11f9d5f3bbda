namespace ClerkSync.Webhooks;

/// <summary><c>session.created</c>: a session was created.</summary>
public sealed record SessionCreatedEvent() : ClerkEvent<SessionData>(ClerkEventTypes.SessionCreated);

/// <summary><c>session.ended</c>: a session ended.</summary>
public sealed record SessionEndedEvent() : ClerkEvent<SessionData>(ClerkEventTypes.SessionEnded);

/// <summary><c>session.removed</c>: a session was removed.</summary>
public sealed record SessionRemovedEvent() : ClerkEvent<SessionData>(ClerkEventTypes.SessionRemoved);

/// <summary><c>session.revoked</c>: a session was revoked.</summary>
public sealed record SessionRevokedEvent() : ClerkEvent<SessionData>(ClerkEventTypes.SessionRevoked);

/// <summary><c>session.pending</c>: a session is pending (a task such as choosing an organization is outstanding).</summary>
public sealed record SessionPendingEvent() : ClerkEvent<SessionData>(ClerkEventTypes.SessionPending);
