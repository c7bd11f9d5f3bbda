using System.Globalization;
using System.Text;
using ClerkSync.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace ClerkSync.Webhooks.Tests.Verification;

/// <summary>A delivery signed here at a fixed time, and a verifier whose clock stands at that time.</summary>
internal sealed record Signed(string Secret, string Id, long Timestamp, byte[] Body, string Signature)
{
    public const long Now = 1_700_000_000;

    public static readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeSeconds(Now));

    public string TimestampText { get; } = Timestamp.ToString(CultureInfo.InvariantCulture);

    public static Signed Create(string? secret = null, string id = "msg_2mVQn2i1xY7f0sWc8nUbq5pJ3kT", long timestamp = Now, string body = "{\"type\":\"user.created\"}")
    {
        secret ??= WebhookSecret.Generate();
        var bytes = Encoding.UTF8.GetBytes(body);
        return new(secret, id, timestamp, bytes, WebhookSigner.Sign(secret, id, timestamp, bytes));
    }

    public static WebhookVerifier Verifier(params string[] secrets) => new(secrets, timeProvider: Clock);

    public WebhookVerificationResult VerifyWith(WebhookVerifier verifier, string? signature = null, string? timestamp = null, string? id = null) =>
        verifier.Verify(Body, id ?? Id, timestamp ?? TimestampText, signature ?? Signature);

    public WebhookVerificationResult Verify(string? signature = null, string? timestamp = null, string? id = null) =>
        VerifyWith(Verifier(Secret), signature, timestamp, id);

    public Dictionary<string, string> Headers(string family = "svix") => new()
    {
        [family + "-id"] = Id,
        [family + "-timestamp"] = TimestampText,
        [family + "-signature"] = Signature,
    };
}
