namespace ClerkSync.Webhooks;

/// <summary>Why a delivery failed verification. New values may be added; treat unknown values as a failure.</summary>
public enum WebhookVerificationFailure
{
    /// <summary>The delivery is valid.</summary>
    None = 0,

    /// <summary>The <c>svix-id</c>, <c>svix-timestamp</c> or <c>svix-signature</c> header (or its <c>webhook-*</c> twin) is missing or empty.</summary>
    MissingHeaders,

    /// <summary>The timestamp header is not a unix time in seconds (digits only).</summary>
    InvalidTimestamp,

    /// <summary>The timestamp is older than the tolerance allows: a replay, a captured delivery, or a slow clock here.</summary>
    TimestampTooOld,

    /// <summary>The timestamp is further in the future than the tolerance allows: the sender's clock or this one is wrong.</summary>
    TimestampTooNew,

    /// <summary>The signature header holds well-formed entries but none matches any configured secret or public key.</summary>
    NoMatchingSignature,

    /// <summary>The signature header holds no well-formed <c>version,base64</c> entry at all.</summary>
    MalformedSignatureHeader,

    /// <summary>
    /// The delivery id (<c>svix-id</c>) is longer than <see cref="WebhookVerifier.MaxWebhookIdLength"/> characters or
    /// holds control characters. Its reason code stays <c>invalid_message_id</c>, the documented HTTP and CLI code.
    /// </summary>
    InvalidWebhookId,
}
