using System.ComponentModel;

namespace ClerkSync.Webhooks;

/// <summary>
/// The outcome of <see cref="WebhookVerifier.Verify(ReadOnlySpan{byte}, Func{string, string?})"/>: a value, not an exception,
/// so that rejecting a hostile request costs no allocation. <see cref="Message"/> is built only when read.
/// </summary>
public readonly record struct WebhookVerificationResult
{
    internal WebhookVerificationResult(
        WebhookVerificationFailure failure,
        string? webhookId = null,
        long? unixTimestamp = null,
        long? clockSkewSeconds = null,
        int signaturesTried = 0,
        int entriesSkipped = 0,
        string? missingHeader = null,
        long toleranceSeconds = 0)
    {
        Failure = failure;
        WebhookId = webhookId;
        UnixTimestamp = unixTimestamp;
        ClockSkewSeconds = clockSkewSeconds;
        SignaturesTried = signaturesTried;
        EntriesSkipped = entriesSkipped;
        MissingHeader = missingHeader;
        ToleranceSeconds = toleranceSeconds;
    }

    /// <summary>Gets a value indicating whether the delivery is authentic and fresh.</summary>
    public bool IsValid => Failure == WebhookVerificationFailure.None;

    /// <summary>Gets why verification failed, or <see cref="WebhookVerificationFailure.None"/>.</summary>
    public WebhookVerificationFailure Failure { get; }

    /// <summary>
    /// Gets the delivery id (the <c>svix-id</c> or <c>webhook-id</c> header), when the header was present: stable
    /// across retries and resends, the idempotency key (the inbox's <c>WebhookId</c>).
    /// </summary>
    public string? WebhookId { get; }

    /// <summary>Gets the delivery id: the same value as <see cref="WebhookId"/>, under its first name (issue #2's contract).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? MessageId => WebhookId;

    /// <summary>Gets the attempt's timestamp, when the header parsed.</summary>
    public DateTimeOffset? Timestamp => UnixTimestamp is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Gets the attempt's timestamp in unix seconds, when the header parsed.</summary>
    public long? UnixTimestamp { get; }

    /// <summary>Gets the timestamp minus this machine's clock in seconds (negative: the delivery is older), when it parsed.</summary>
    public long? ClockSkewSeconds { get; }

    /// <summary>Gets how many well-formed signature entries of a supported version were compared.</summary>
    public int SignaturesTried { get; }

    /// <summary>Gets how many signature entries were skipped: unknown versions, malformed entries, entries past the cap.</summary>
    public int EntriesSkipped { get; }

    /// <summary>Gets the name of the missing header, for <see cref="WebhookVerificationFailure.MissingHeaders"/>.</summary>
    public string? MissingHeader { get; }

    private long ToleranceSeconds { get; }

    /// <summary>Gets a sentence that tells a person what is wrong and what to check. Never contains a secret or a signature.</summary>
    public string Message => Failure switch
    {
        WebhookVerificationFailure.None => "The signature is valid.",
        WebhookVerificationFailure.MissingHeaders =>
            $"The {MissingHeader} header is missing or empty (its webhook-* twin too). Clerk sends svix-id, svix-timestamp and svix-signature; check that a proxy does not strip them.",
        WebhookVerificationFailure.InvalidTimestamp =>
            "The svix-timestamp header is not a unix time in seconds (digits only, no sign or spaces). Check that nothing between Clerk and this endpoint rewrites it, and that a test sender puts seconds, not milliseconds or a date.",
        WebhookVerificationFailure.TimestampTooOld or WebhookVerificationFailure.TimestampTooNew =>
            TimestampSkew.Describe(ClockSkewSeconds ?? 0, ToleranceSeconds),
        WebhookVerificationFailure.NoMatchingSignature => SignaturesTried == 0
            ? $"The svix-signature header has no entry of a version this verifier supports ({EntriesSkipped} entries skipped). Check that it holds v1,<base64> entries; v1a (ed25519) entries need the ClerkSync.Webhooks.Ed25519 package and the endpoint's whpk_ public key."
            : $"None of the {SignaturesTried} signatures matches a configured secret. Check that the secret belongs to this endpoint and instance (development and production differ) and that the body is the raw bytes received, not re-serialised JSON.",
        WebhookVerificationFailure.MalformedSignatureHeader =>
            "The svix-signature header holds no 'v1,<base64>' entry; entries are separated by spaces. Check that nothing between Clerk and this endpoint rewrites the header, and that a test sender copies the whole value.",
        WebhookVerificationFailure.InvalidWebhookId =>
            $"The svix-id header is longer than {WebhookVerifier.MaxWebhookIdLength} characters or holds control characters. Clerk sends msg_ ids of about 30 characters; check what sends or rewrites this request.",
        _ => Failure.ToString(),
    };

    /// <summary>Gets a stable snake_case code for the failure, for HTTP error bodies and metrics tags.</summary>
    public string Code => Failure switch
    {
        WebhookVerificationFailure.None => "valid",
        WebhookVerificationFailure.MissingHeaders => "missing_headers",
        WebhookVerificationFailure.InvalidTimestamp => "invalid_timestamp",
        WebhookVerificationFailure.TimestampTooOld => "timestamp_too_old",
        WebhookVerificationFailure.TimestampTooNew => "timestamp_too_new",
        WebhookVerificationFailure.NoMatchingSignature => "no_matching_signature",
        WebhookVerificationFailure.MalformedSignatureHeader => "malformed_signature_header",
        WebhookVerificationFailure.InvalidWebhookId => "invalid_message_id",
        _ => "invalid",
    };
}
