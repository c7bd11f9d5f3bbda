using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Secrets;

/// <summary>
/// What <c>secret check</c> and every command that takes a secret find wrong with one: a shape check that never echoes
/// the secret. <see cref="Problem"/> is fatal; <see cref="Notes"/> are harmless but worth knowing.
/// </summary>
internal sealed record SecretInspection(string? Fingerprint, int KeyBytes, string? Problem, IReadOnlyList<string> Notes)
{
    /// <summary>Clerk (Svix) secrets are whsec_ and the base64 of 24 bytes; the spec allows 24 to 64.</summary>
    public const int MinKeyBytes = 24;

    public const int MaxKeyBytes = 64;

    public bool IsValid => Problem is null;

    public static SecretInspection Inspect(string? raw)
    {
        var notes = new List<string>();
        var text = raw ?? string.Empty;
        if (text.Length != text.Trim().Length)
        {
            notes.Add("It has leading or trailing whitespace (a newline from a file or a copy); it was trimmed, but remove it from where it is configured.");
            text = text.Trim();
        }

        if (text.Length >= 2 && (text[0] is '"' or '\'') && text[^1] == text[0])
        {
            return Fail($"It is wrapped in quotes ({text[0]}...{text[0]}): the quotes became part of the value. Remove them from the .env file or variable.");
        }

        if (text.StartsWith(WebhookSecret.PublicKeyPrefix, StringComparison.Ordinal))
        {
            return Fail($"It is a {WebhookSecret.PublicKeyPrefix} public key (v1a, ed25519), not a signing secret. Use the endpoint's Signing Secret, which starts with {WebhookSecret.Prefix}.");
        }

        if (text.StartsWith("sk_", StringComparison.Ordinal) || text.StartsWith("pk_", StringComparison.Ordinal))
        {
            return Fail($"It looks like a Clerk API key ({text[..3]}...), not a webhook signing secret. Use Webhooks > your endpoint > Signing Secret (it starts with {WebhookSecret.Prefix}).");
        }

        var body = text;
        if (body.StartsWith(WebhookSecret.Prefix, StringComparison.Ordinal))
        {
            body = body[WebhookSecret.Prefix.Length..];
        }
        else if (body.Length > 0)
        {
            notes.Add($"It has no {WebhookSecret.Prefix} prefix. That works (the prefix is optional), but Clerk shows it with one; keep it to avoid confusion.");
        }

        if (body.Length == 0)
        {
            return Fail($"It is empty. Copy the Signing Secret from the Clerk dashboard (Webhooks, your endpoint, Signing Secret: {WebhookSecret.Prefix}...).");
        }

        var keyBytes = DecodedLength(body);
        if (keyBytes < 0)
        {
            return Fail($"The {body.Length} characters after {WebhookSecret.Prefix} are not base64 (A-Z, a-z, 0-9, +, / and = padding only). It was probably truncated or mangled when copied; copy it again.");
        }

        if (keyBytes < MinKeyBytes || keyBytes > MaxKeyBytes)
        {
            return Fail($"It decodes to a {keyBytes}-byte key; Clerk's secrets are {MinKeyBytes} bytes and the Standard Webhooks spec allows {MinKeyBytes} to {MaxKeyBytes}. It was probably truncated when copied; copy it again.");
        }

        return new(WebhookSecret.Fingerprint(text), keyBytes, null, notes);

        SecretInspection Fail(string problem) => new(null, 0, problem, notes);
    }

    /// <summary>The decoded length of padded or unpadded base64, or -1 when it is not base64.</summary>
    private static int DecodedLength(string base64)
    {
        var padding = (4 - (base64.Length % 4)) % 4;
        if (padding == 3)
        {
            return -1;
        }

        var buffer = new byte[(base64.Length + padding) / 4 * 3];
        var written = -1;
        var ok = Convert.TryFromBase64String(base64 + new string('=', padding), buffer, out written);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
        return ok ? written : -1;
    }
}
