namespace ClerkSync.Webhooks;

/// <summary>Creates a <see cref="WebhookVerifier"/> that accepts both <c>v1</c> (HMAC) and <c>v1a</c> (ed25519) signatures.</summary>
public static class Ed25519WebhookVerifier
{
    /// <summary>
    /// Creates a verifier from a mixed list: <c>whsec_</c> secrets verify <c>v1</c> entries, <c>whpk_</c> public keys
    /// verify <c>v1a</c> entries. Text without either prefix is taken as a symmetric secret.
    /// </summary>
    /// <param name="secretsAndPublicKeys">Secrets and public keys, in any order.</param>
    /// <param name="tolerance">The allowed clock difference; <see cref="WebhookVerifier.DefaultTolerance"/> (5 minutes) when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The verifier; share it, it is thread-safe.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="secretsAndPublicKeys"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Nothing configured, too many secrets or keys, or one that does not decode. The message never echoes a secret or key.
    /// </exception>
    public static WebhookVerifier Create(IEnumerable<string> secretsAndPublicKeys, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(secretsAndPublicKeys);
        var secrets = new List<string>();
        var publicKeys = new List<string>();
        foreach (var item in secretsAndPublicKeys)
        {
            var isPublicKey = item is not null && item.AsSpan().TrimStart().StartsWith(WebhookSecret.PublicKeyPrefix, StringComparison.Ordinal);
            (isPublicKey ? publicKeys : secrets).Add(item!);
        }

        IWebhookSignatureScheme[] schemes = publicKeys.Count > 0 ? [new Ed25519SignatureScheme(publicKeys)] : [];
        return new WebhookVerifier(secrets, schemes, tolerance, timeProvider);
    }
}
