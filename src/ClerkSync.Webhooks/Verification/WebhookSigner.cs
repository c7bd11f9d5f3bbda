using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClerkSync.Webhooks;

/// <summary>Signs payloads as Svix does, for tests, the <c>clerk-sync send</c> tool and interop checks.</summary>
public static class WebhookSigner
{
    /// <summary>Signs a payload.</summary>
    /// <param name="secret">The signing secret, <c>whsec_</c> optional.</param>
    /// <param name="messageId">The delivery id (<c>svix-id</c>, the inbox's <c>WebhookId</c>); the parameter keeps issue #2's name.</param>
    /// <param name="unixTimestamp">The attempt's timestamp in unix seconds (<c>svix-timestamp</c>).</param>
    /// <param name="body">The exact body bytes that will be sent.</param>
    /// <returns>The signature entry <c>v1,&lt;base64&gt;</c>.</returns>
    /// <exception cref="ArgumentException">The secret is not usable (empty, not base64, a key shorter than 24 or longer than 64 bytes).</exception>
    public static string Sign(string secret, string messageId, long unixTimestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var key = WebhookSecret.DecodeKey(secret, nameof(secret));
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{unixTimestamp}."));
        var content = ArrayPool<byte>.Shared.Rent(prefix.Length + body.Length);
        try
        {
            prefix.CopyTo(content, 0);
            body.CopyTo(content.AsSpan(prefix.Length));
            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(key, content.AsSpan(0, prefix.Length + body.Length), mac);
            return "v1," + Convert.ToBase64String(mac);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(content);
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
