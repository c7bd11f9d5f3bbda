namespace ClerkSync.Webhooks;

/// <summary><c>sms.created</c>: Clerk created an SMS message to send.</summary>
public sealed record SmsCreatedEvent() : ClerkEvent<SmsData>(ClerkEventTypes.SmsCreated);
