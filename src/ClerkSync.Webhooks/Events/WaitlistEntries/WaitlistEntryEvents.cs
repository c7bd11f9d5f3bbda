namespace ClerkSync.Webhooks;

/// <summary><c>waitlistEntry.created</c>: someone joined the waitlist.</summary>
public sealed record WaitlistEntryCreatedEvent() : ClerkEvent<WaitlistEntryData>(ClerkEventTypes.WaitlistEntryCreated);

/// <summary><c>waitlistEntry.updated</c>: a waitlist entry changed (invited, rejected, ...).</summary>
public sealed record WaitlistEntryUpdatedEvent() : ClerkEvent<WaitlistEntryData>(ClerkEventTypes.WaitlistEntryUpdated);
