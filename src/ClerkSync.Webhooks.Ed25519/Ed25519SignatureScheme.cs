using System.Security.Cryptography;
using NSec.Cryptography;

namespace ClerkSync.Webhooks;

/// <summary>
/// Verifies Standard Webhooks <c>v1a</c> signatures: ed25519 over <c>{id}.{timestamp}.{body}</c>, checked against one or
/// more <c>whpk_</c> public keys. Plug it into <see cref="WebhookVerifier"/>, or use <see cref="Ed25519WebhookVerifier.Create"/>.
/// </summary>
/// <remarks>Thread-safe and allocation-free per verification; any configured key that verifies the signature wins.</remarks>
public sealed class Ed25519SignatureScheme : IWebhookSignatureScheme
{
    /// <summary>The signature version this scheme verifies.</summary>
    public const string SignatureVersion = "v1a";

    private const int PublicKeySize = 32;
    private const int SignatureSize = 64;

    // An ed25519 signature is 64 bytes: 88 base64 characters with padding. Longer text cannot be one.
    private const int MaxSignatureChars = 88;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    private readonly PublicKey[] _keys;

    /// <summary>Initializes a new instance of the <see cref="Ed25519SignatureScheme"/> class.</summary>
    /// <param name="publicKeys">
    /// One or more public keys: <c>whpk_</c> followed by the base64 (padded or not) of the 32-byte ed25519 key; the prefix
    /// is optional. Several during a key rotation.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="publicKeys"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// No key, more than <see cref="WebhookVerifier.MaxSecrets"/> keys, or a key that is not base64 of 32 bytes. The message
    /// never echoes a key.
    /// </exception>
    public Ed25519SignatureScheme(IEnumerable<string> publicKeys)
    {
        ArgumentNullException.ThrowIfNull(publicKeys);
        var keys = new List<PublicKey>();
        foreach (var text in publicKeys)
        {
            if (keys.Count == WebhookVerifier.MaxSecrets)
            {
                throw new ArgumentException($"At most {WebhookVerifier.MaxSecrets} {WebhookSecret.PublicKeyPrefix} public keys can be configured at once (a rotation needs two).", nameof(publicKeys));
            }

            keys.Add(ImportPublicKey(text, keys.Count + 1, nameof(publicKeys)));
        }

        if (keys.Count == 0)
        {
            throw new ArgumentException($"No {WebhookSecret.PublicKeyPrefix} public key is configured for v1a (ed25519) verification.", nameof(publicKeys));
        }

        _keys = [.. keys];
    }

    /// <summary>Gets the version prefix this scheme verifies: <c>v1a</c>.</summary>
    public string Version => SignatureVersion;

    /// <summary>Checks one <c>v1a</c> signature against every configured public key.</summary>
    /// <param name="signedContent">The bytes <c>{id}.{timestamp}.{body}</c>.</param>
    /// <param name="signature">The base64 text after <c>v1a,</c>.</param>
    /// <returns><see langword="true"/> when the signature is valid for one of the configured keys.</returns>
    public bool Verify(ReadOnlySpan<byte> signedContent, ReadOnlySpan<char> signature)
    {
        if (signature.Length > MaxSignatureChars)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxSignatureChars / 4 * 3];
        if (!Convert.TryFromBase64Chars(signature, bytes, out var written) || written != SignatureSize)
        {
            return false;
        }

        var match = false;
        foreach (var key in _keys)
        {
            // Every key is tried so that timing does not tell which one matched.
            match |= Algorithm.Verify(key, signedContent, bytes[..SignatureSize]);
        }

        return match;
    }

    private static PublicKey ImportPublicKey(string? text, int position, string paramName)
    {
        var value = (text ?? string.Empty).Trim();
        if (value.StartsWith(WebhookSecret.PublicKeyPrefix, StringComparison.Ordinal))
        {
            value = value[WebhookSecret.PublicKeyPrefix.Length..];
        }

        // Unpadded base64 is accepted, as for whsec_ secrets: a 32-byte key is 43 characters plus one '='.
        if (value.Length == 43)
        {
            value += "=";
        }

        Span<byte> raw = stackalloc byte[PublicKeySize + 3];
        try
        {
            if (value.Length == 0
                || !Convert.TryFromBase64String(value, raw, out var written)
                || written != PublicKeySize
                || !PublicKey.TryImport(Algorithm, raw[..PublicKeySize], KeyBlobFormat.RawPublicKey, out var key)
                || key is null)
            {
                throw new ArgumentException(
                    $"Public key #{position} ({value.Length} characters after the optional {WebhookSecret.PublicKeyPrefix} prefix) is not an ed25519 public key: expected {WebhookSecret.PublicKeyPrefix} followed by the base64 of 32 bytes. Copy it again from the endpoint's settings.",
                    paramName);
            }

            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }
}
