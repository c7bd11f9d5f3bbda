namespace ClerkSync.Webhooks;

/// <summary><c>paymentAttempt.created</c>: a billing payment attempt was created.</summary>
public sealed record PaymentAttemptCreatedEvent() : ClerkEvent<PaymentAttemptData>(ClerkEventTypes.PaymentAttemptCreated);

/// <summary><c>paymentAttempt.updated</c>: a billing payment attempt changed (paid, failed).</summary>
public sealed record PaymentAttemptUpdatedEvent() : ClerkEvent<PaymentAttemptData>(ClerkEventTypes.PaymentAttemptUpdated);
