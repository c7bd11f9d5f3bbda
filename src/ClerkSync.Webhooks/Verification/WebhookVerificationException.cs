namespace ClerkSync.Webhooks;

/// <summary>Thrown by <see cref="WebhookVerifier.VerifyOrThrow"/> when a delivery is not authentic or not fresh.</summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WebhookVerificationException"/> class.</summary>
    /// <param name="result">The failed result.</param>
    public WebhookVerificationException(WebhookVerificationResult result)
        : base(result.Message) => Result = result;

    /// <summary>Gets the failed verification result.</summary>
    public WebhookVerificationResult Result { get; }
}
