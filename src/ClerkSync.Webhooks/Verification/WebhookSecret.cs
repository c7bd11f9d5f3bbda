using System.Security.Cryptography;

namespace ClerkSync.Webhooks;

/// <summary>Decodes, creates and fingerprints Standard Webhooks signing secrets (<c>whsec_</c> + base64).</summary>
public static class WebhookSecret
{
    /// <summary>The optional prefix of a symmetric signing secret.</summary>
    public const string Prefix = "whsec_";

    /// <summary>The prefix of an ed25519 public key used for <c>v1a</c> signatures.</summary>
    public const string PublicKeyPrefix = "whpk_";

    /// <summary>Creates a new random signing secret: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    /// <returns>The secret.</returns>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// A short, stable, non-reversible name for a secret (the first 12 hex digits of the SHA-256 of its key), so that
    /// logs and diagnostics can tell secrets apart without showing them.
    /// </summary>
    /// <param name="secret">The secret, with or without <c>whsec_</c>.</param>
    /// <returns>For example <c>sha256:3f1c09a2b4de</c>.</returns>
    /// <exception cref="ArgumentException">The secret is empty or not base64.</exception>
    public static string Fingerprint(string secret) => FingerprintOfKey(DecodeKey(secret, nameof(secret)));

    internal static string FingerprintOfKey(ReadOnlySpan<byte> key) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(key))[..12];

    /// <summary>Decodes a secret's key bytes: strips <c>whsec_</c>, accepts padded or unpadded base64.</summary>
    /// <exception cref="ArgumentException">The secret is empty or not base64; the message never echoes it.</exception>
    internal static byte[] DecodeKey(string? secret, string paramName, string? prefix = Prefix)
    {
        var text = (secret ?? string.Empty).Trim();
        if (prefix is not null && text.StartsWith(prefix, StringComparison.Ordinal))
        {
            text = text[prefix.Length..];
        }

        if (text.Length == 0)
        {
            throw new ArgumentException(
                "A webhook signing secret is empty. Set it to the endpoint's Signing Secret from the Clerk dashboard (Webhooks, your endpoint, Signing Secret: whsec_...).",
                paramName);
        }

        // Unpadded base64 is accepted as every reference library does; a remainder of 1 can never be valid base64.
        var padding = (4 - (text.Length % 4)) % 4;
        if (padding == 3 || !TryDecode(text, padding, out var key) || key.Length == 0)
        {
            throw new ArgumentException(
                $"A webhook signing secret ({text.Length} characters after the optional {Prefix} prefix) is not valid base64. Copy the Signing Secret again from the Clerk dashboard; it looks like whsec_ followed by about 32 base64 characters.",
                paramName);
        }

        return key;
    }

    private static bool TryDecode(string text, int padding, out byte[] key)
    {
        Span<char> padded = text.Length + padding <= 512 ? stackalloc char[text.Length + padding] : new char[text.Length + padding];
        text.AsSpan().CopyTo(padded);
        padded[text.Length..].Fill('=');
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64Chars(padded, buffer, out var written))
        {
            key = [];
            return false;
        }

        key = buffer.AsSpan(0, written).ToArray();
        CryptographicOperations.ZeroMemory(buffer);
        return true;
    }
}
