using System.Security.Cryptography;

namespace ClerkSync.Webhooks;

/// <summary>Decodes, creates and fingerprints Standard Webhooks signing secrets (<c>whsec_</c> + base64).</summary>
public static class WebhookSecret
{
    /// <summary>The optional prefix of a symmetric signing secret.</summary>
    public const string Prefix = "whsec_";

    /// <summary>The prefix of an ed25519 public key used for <c>v1a</c> signatures.</summary>
    public const string PublicKeyPrefix = "whpk_";

    /// <summary>The shortest key accepted, in bytes: the Standard Webhooks spec's minimum (192 bits); Clerk's keys are this long.</summary>
    public const int MinKeyBytes = 24;

    /// <summary>The longest key accepted, in bytes: the Standard Webhooks spec's maximum (512 bits).</summary>
    public const int MaxKeyBytes = 64;

    /// <summary>Creates a new random signing secret: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    /// <returns>The secret.</returns>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// A short, stable, non-reversible name for a secret (the first 12 hex digits of the SHA-256 of its key), so that
    /// logs and diagnostics can tell secrets apart without showing them.
    /// </summary>
    /// <param name="secret">The secret, with or without <c>whsec_</c>.</param>
    /// <returns>For example <c>sha256:3f1c09a2b4de</c>.</returns>
    /// <exception cref="ArgumentException">
    /// The secret is not usable: empty, not base64, or a key outside <see cref="MinKeyBytes"/> to <see cref="MaxKeyBytes"/> bytes.
    /// </exception>
    public static string Fingerprint(string secret) => FingerprintOfKey(DecodeKey(secret, nameof(secret)));

    internal static string FingerprintOfKey(ReadOnlySpan<byte> key) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(key))[..12];

    /// <summary>Decodes a secret's key bytes after <see cref="WebhookSecretCheck"/>'s rule (<c>whsec_</c> optional, padded or unpadded base64, 24 to 64 bytes).</summary>
    /// <exception cref="ArgumentException">The secret is not usable; the message says why and never echoes it.</exception>
    internal static byte[] DecodeKey(string? secret, string paramName) =>
        WebhookSecretCheck.TryDecode(secret, notes: null, out var problem) ?? throw new ArgumentException("A webhook signing secret is not usable. " + problem, paramName);
}
