using System.Security.Cryptography;

namespace ClerkSync.Webhooks;

/// <summary>
/// The one check of a signing secret's shape (issue #10): the verifier, the signer, <c>AddClerkSync</c>'s options
/// validation, <c>clerk-sync serve</c> and <c>clerk-sync secret check</c> accept exactly the secrets it accepts. It never
/// echoes the secret. <see cref="Problem"/> is fatal; <see cref="Notes"/> are harmless but worth knowing.
/// </summary>
/// <remarks>
/// The rule: optional <c>whsec_</c>, then base64 (padded or not) of a key of <see cref="WebhookSecret.MinKeyBytes"/> to
/// <see cref="WebhookSecret.MaxKeyBytes"/> bytes. The Standard Webhooks spec asks for a random key of at least 24 bytes
/// (192 bits) and at most 64 (512 bits); Clerk's are 24. Anything shorter is a truncated copy (or a test value), and
/// would start a receiver that then refuses every real delivery.
/// </remarks>
internal sealed record WebhookSecretCheck(string? Fingerprint, int KeyBytes, string? Problem, IReadOnlyList<string> Notes)
{
    /// <summary>Where a person finds the real secret, for the end of every problem that a fresh copy fixes.</summary>
    internal const string WhereToFindIt = "Copy the Signing Secret again from the Clerk dashboard (Webhooks, your endpoint, Signing Secret: whsec_...).";

    /// <summary>Gets a value indicating whether the secret is usable.</summary>
    public bool IsValid => Problem is null;

    /// <summary>Checks a secret.</summary>
    /// <param name="raw">The secret as configured (surrounding whitespace is trimmed, with a note).</param>
    /// <returns>The verdict; <see cref="Fingerprint"/> and <see cref="KeyBytes"/> are set when it is valid.</returns>
    public static WebhookSecretCheck Of(string? raw)
    {
        var notes = new List<string>();
        var key = TryDecode(raw, notes, out var problem);
        if (key is null)
        {
            return new(null, 0, problem, notes);
        }

        var check = new WebhookSecretCheck(WebhookSecret.FingerprintOfKey(key), key.Length, null, notes);
        CryptographicOperations.ZeroMemory(key);
        return check;
    }

    /// <summary>Decodes a secret's key, or says what is wrong with it.</summary>
    /// <param name="raw">The secret as configured.</param>
    /// <param name="notes">Receives harmless findings; null to ignore them.</param>
    /// <param name="problem">Why there is no key.</param>
    /// <returns>The key (the caller clears it), or null.</returns>
    internal static byte[]? TryDecode(string? raw, List<string>? notes, out string? problem)
    {
        var text = raw ?? string.Empty;
        if (text.Length != text.Trim().Length)
        {
            notes?.Add("It has leading or trailing whitespace (a newline from a file or a copy); it was trimmed, but remove it from where it is configured.");
            text = text.Trim();
        }

        problem = Shape(text, notes, out var body);
        if (problem is not null)
        {
            return null;
        }

        // Unpadded base64 is accepted as every reference library does; a remainder of 1 can never be valid base64.
        var padding = (4 - (body.Length % 4)) % 4;
        var key = padding == 3 ? null : Decode(body, padding);
        if (key is null)
        {
            problem = $"The {body.Length} characters after the optional {WebhookSecret.Prefix} prefix are not base64 (A-Z, a-z, 0-9, +, / and = padding only): it was probably truncated or mangled when copied. {WhereToFindIt}";
            return null;
        }

        if (key.Length < WebhookSecret.MinKeyBytes || key.Length > WebhookSecret.MaxKeyBytes)
        {
            problem = $"It decodes to a {key.Length}-byte key; Clerk's secrets are {WebhookSecret.MinKeyBytes} bytes and the Standard Webhooks spec allows {WebhookSecret.MinKeyBytes} to {WebhookSecret.MaxKeyBytes}, so it was probably truncated when copied. {WhereToFindIt}";
            CryptographicOperations.ZeroMemory(key);
            return null;
        }

        return key;
    }

    // The mistakes that are recognisable before decoding; body is what follows the optional prefix.
    private static string? Shape(string text, List<string>? notes, out string body)
    {
        body = text;
        if (text.Length >= 2 && (text[0] is '"' or '\'') && text[^1] == text[0])
        {
            return $"It is wrapped in quotes ({text[0]}...{text[0]}): the quotes became part of the value. Remove them from the .env file or variable.";
        }

        if (text.StartsWith(WebhookSecret.PublicKeyPrefix, StringComparison.Ordinal))
        {
            return $"It is a {WebhookSecret.PublicKeyPrefix} public key (v1a, ed25519), not a signing secret. Use the endpoint's Signing Secret from the Clerk dashboard (Webhooks, your endpoint), which starts with {WebhookSecret.Prefix}.";
        }

        if (text.StartsWith("sk_", StringComparison.Ordinal) || text.StartsWith("pk_", StringComparison.Ordinal))
        {
            return $"It looks like a Clerk API key ({text[..3]}...), not a webhook signing secret. Use the endpoint's Signing Secret from the Clerk dashboard (Webhooks, your endpoint, Signing Secret: {WebhookSecret.Prefix}...).";
        }

        if (body.StartsWith(WebhookSecret.Prefix, StringComparison.Ordinal))
        {
            body = body[WebhookSecret.Prefix.Length..];
        }
        else if (body.Length > 0)
        {
            notes?.Add($"It has no {WebhookSecret.Prefix} prefix. That works (the prefix is optional), but Clerk shows it with one; keep it to avoid confusion.");
        }

        return body.Length == 0
            ? $"It is empty. Copy the endpoint's Signing Secret from the Clerk dashboard (Webhooks, your endpoint, Signing Secret: {WebhookSecret.Prefix}...)."
            : null;
    }

    private static byte[]? Decode(string text, int padding)
    {
        Span<char> padded = text.Length + padding <= 512 ? stackalloc char[text.Length + padding] : new char[text.Length + padding];
        text.AsSpan().CopyTo(padded);
        padded[text.Length..].Fill('=');
        var buffer = new byte[padded.Length / 4 * 3];
        try
        {
            return Convert.TryFromBase64Chars(padded, buffer, out var written) && written > 0 ? buffer.AsSpan(0, written).ToArray() : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
