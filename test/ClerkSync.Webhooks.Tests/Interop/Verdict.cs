using ClerkSync.Webhooks;

namespace ClerkSync.Webhooks.Tests.Interop;

/// <summary>A verdict both sides can give, so that ClerkSync's and a reference library's answers compare.</summary>
public enum Verdict
{
    Valid,
    MissingHeader,
    InvalidTimestamp,
    TimestampTooOld,
    TimestampTooNew,
    NoMatchingSignature,
    InvalidMessageId,
    Other,
}

internal static class Verdicts
{
    public static Verdict Of(WebhookVerificationResult result) => result.Failure switch
    {
        WebhookVerificationFailure.None => Verdict.Valid,
        WebhookVerificationFailure.MissingHeaders => Verdict.MissingHeader,
        WebhookVerificationFailure.InvalidTimestamp => Verdict.InvalidTimestamp,
        WebhookVerificationFailure.TimestampTooOld => Verdict.TimestampTooOld,
        WebhookVerificationFailure.TimestampTooNew => Verdict.TimestampTooNew,

        // The reference libraries say "No matching signature found" for a malformed header too.
        WebhookVerificationFailure.NoMatchingSignature or WebhookVerificationFailure.MalformedSignatureHeader => Verdict.NoMatchingSignature,
        WebhookVerificationFailure.InvalidWebhookId => Verdict.InvalidMessageId,
        _ => Verdict.Other,
    };

    /// <summary>Maps a reference library's error message (standardwebhooks 1.x, which svix wraps); null is valid.</summary>
    public static Verdict Of(string? nodeError) => nodeError switch
    {
        null => Verdict.Valid,
        "Missing required headers" => Verdict.MissingHeader,
        "Invalid Signature Headers" => Verdict.InvalidTimestamp,
        "Message timestamp too old" => Verdict.TimestampTooOld,
        "Message timestamp too new" => Verdict.TimestampTooNew,
        "No matching signature found" => Verdict.NoMatchingSignature,
        _ => Verdict.Other,
    };

    public static Verdict Expected(Tamper tamper) => tamper switch
    {
        Tamper.None => Verdict.Valid,
        Tamper.IdHeaderDropped or Tamper.TimestampHeaderDropped or Tamper.SignatureHeaderDropped => Verdict.MissingHeader,
        Tamper.OldTimestamp => Verdict.TimestampTooOld,
        Tamper.FutureTimestamp => Verdict.TimestampTooNew,
        _ => Verdict.NoMatchingSignature,
    };
}
