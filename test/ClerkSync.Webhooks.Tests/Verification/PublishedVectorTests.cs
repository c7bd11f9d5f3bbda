using System.Text;
using ClerkSync.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace ClerkSync.Webhooks.Tests.Verification;

/// <summary>The published Standard Webhooks vectors from ../shared/clerk/README.md, positive and negative.</summary>
public sealed class PublishedVectorTests
{
    public static TheoryData<string, string, long, string, string> Vectors => new()
    {
        { "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" },
        { "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", 1649367553, "{\"email\":\"test@example.com\",\"username\":\"test_user\"}", "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=" },
        { "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, new string('a', 1_048_576), "v1,txpEUxqWZJ5nteTnymUVa+7C4NHpBeXJ6CsBAW0c3/A=" },
    };

    private static WebhookVerificationResult Verify(string secret, string id, long ts, byte[] body, string signature, long? now = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now ?? ts));
        var headers = new Dictionary<string, string> { ["svix-id"] = id, ["svix-timestamp"] = ts.ToString(), ["svix-signature"] = signature };
        return new WebhookVerifier([secret], timeProvider: clock).Verify(body, name => headers.GetValueOrDefault(name));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_PublishedVector_ReproducesSignature(string secret, string id, long ts, string body, string signature) =>
        Assert.Equal(signature, WebhookSigner.Sign(secret, id, ts, Encoding.UTF8.GetBytes(body)));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_PublishedVector_IsValid(string secret, string id, long ts, string body, string signature)
    {
        var result = Verify(secret, id, ts, Encoding.UTF8.GetBytes(body), signature);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(id, result.WebhookId);
        Assert.Equal(result.WebhookId, result.MessageId);
        Assert.Equal(ts, result.UnixTimestamp);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_PublishedVectorWithSecretWithoutPrefix_IsValid(string secret, string id, long ts, string body, string signature) =>
        Assert.True(Verify(secret["whsec_".Length..], id, ts, Encoding.UTF8.GetBytes(body), signature).IsValid);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_PublishedVectorWithBodyChanged_NoMatchingSignature(string secret, string id, long ts, string body, string signature)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        bytes[^1] ^= 1;
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(secret, id, ts, bytes, signature).Failure);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_PublishedVectorWithTrailingNewline_NoMatchingSignature(string secret, string id, long ts, string body, string signature) =>
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(secret, id, ts, Encoding.UTF8.GetBytes(body + "\n"), signature).Failure);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_PublishedVectorWithOtherId_NoMatchingSignature(string secret, string id, long ts, string body, string signature) =>
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(secret, id + "x", ts, Encoding.UTF8.GetBytes(body), signature).Failure);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_PublishedVectorWithOtherTimestamp_NoMatchingSignature(string secret, string id, long ts, string body, string signature) =>
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(secret, id, ts + 1, Encoding.UTF8.GetBytes(body), signature).Failure);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_PublishedVectorSixMinutesLate_TimestampTooOld(string secret, string id, long ts, string body, string signature)
    {
        var result = Verify(secret, id, ts, Encoding.UTF8.GetBytes(body), signature, now: ts + 360);
        Assert.Equal(WebhookVerificationFailure.TimestampTooOld, result.Failure);
        Assert.Equal(-360, result.ClockSkewSeconds);
        Assert.Contains("360 seconds (6 minutes) old, 60 seconds past", result.Message);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_PublishedVectorFromSixMinutesAhead_TimestampTooNew(string secret, string id, long ts, string body, string signature) =>
        Assert.Equal(WebhookVerificationFailure.TimestampTooNew, Verify(secret, id, ts, Encoding.UTF8.GetBytes(body), signature, now: ts - 360).Failure);

    [Theory]
    [InlineData(300, true)]
    [InlineData(-300, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    public void Verify_AtToleranceEdge_ExactlyThreeHundredSecondsAccepted(long offset, bool valid)
    {
        const long ts = 1614265330;
        var result = Verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", ts, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", now: ts + offset);
        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void Verify_V1aVectorWithoutEd25519Scheme_NotValid()
    {
        const long ts = 1614265330;
        var result = Verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", ts, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==");
        Assert.False(result.IsValid);
        Assert.Equal(1, result.EntriesSkipped);
    }
}
