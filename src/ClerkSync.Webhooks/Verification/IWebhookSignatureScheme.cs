namespace ClerkSync.Webhooks;

/// <summary>
/// A signature version other than <c>v1</c> (HMAC-SHA256), such as <c>v1a</c> (ed25519) from the
/// ClerkSync.Webhooks.Ed25519 package. Plugged into <see cref="WebhookVerifier"/> so that the core stays BCL-only.
/// </summary>
public interface IWebhookSignatureScheme
{
    /// <summary>Gets the version prefix this scheme verifies, for example <c>v1a</c>.</summary>
    string Version { get; }

    /// <summary>Checks one signature over the signed content.</summary>
    /// <param name="signedContent">The bytes <c>{id}.{timestamp}.{body}</c>.</param>
    /// <param name="signature">The base64 text after <c>version,</c>.</param>
    /// <returns><see langword="true"/> when the signature is valid for one of the scheme's keys.</returns>
    bool Verify(ReadOnlySpan<byte> signedContent, ReadOnlySpan<char> signature);
}
