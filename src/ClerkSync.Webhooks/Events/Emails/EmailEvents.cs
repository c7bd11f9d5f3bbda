namespace ClerkSync.Webhooks;

/// <summary><c>email.created</c>: Clerk created an email to send (or to hand to you, when not delivered by Clerk).</summary>
public sealed record EmailCreatedEvent() : ClerkEvent<EmailData>(ClerkEventTypes.EmailCreated);
