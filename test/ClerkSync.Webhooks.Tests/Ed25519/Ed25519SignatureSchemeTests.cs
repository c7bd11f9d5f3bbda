using System.Globalization;
using System.Text;
using ClerkSync.Webhooks;
using Microsoft.Extensions.Time.Testing;
using NSec.Cryptography;

namespace ClerkSync.Webhooks.Tests.Ed25519;

/// <summary>v1a (ed25519): the published vector, and keys generated and signed here with NSec.</summary>
public sealed class Ed25519SignatureSchemeTests
{
    private const string VectorPublicKey = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = "{\"test\": 2432232314}";
    private const string VectorSignature = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";
    private const string V1Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp));

    private static WebhookVerificationResult Verify(WebhookVerifier verifier, string id, long ts, byte[] body, string signature) =>
        verifier.Verify(body, id, ts.ToString(CultureInfo.InvariantCulture), signature);

    private static WebhookVerifier VectorVerifier(params string[] items) => Ed25519WebhookVerifier.Create(items, timeProvider: Clock);

    private static (Key Key, string PublicKey) NewKey()
    {
        var key = Key.Create(SignatureAlgorithm.Ed25519);
        return (key, WebhookSecret.PublicKeyPrefix + Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
    }

    private static string SignV1a(Key key, string id, long ts, byte[] body)
    {
        var content = Encoding.UTF8.GetBytes($"{id}.{ts}.").Concat(body).ToArray();
        return "v1a," + Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, content));
    }

    [Fact]
    public void Verify_PublishedV1aVector_IsValid()
    {
        var result = Verify(VectorVerifier(VectorPublicKey), VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody), VectorSignature);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(1, result.SignaturesTried);
    }

    [Fact]
    public void Verify_PublishedV1aVectorWithKeyWithoutPrefixOrPadding_IsValid() =>
        Assert.True(Verify(new WebhookVerifier([], [new Ed25519SignatureScheme([VectorPublicKey["whpk_".Length..].TrimEnd('=')])], timeProvider: Clock), VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody), VectorSignature).IsValid);

    [Fact]
    public void Verify_PublishedV1aVectorWithBodyChanged_NoMatchingSignature()
    {
        var body = Encoding.UTF8.GetBytes(VectorBody);
        body[^2] ^= 1;
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(VectorVerifier(VectorPublicKey), VectorId, VectorTimestamp, body, VectorSignature).Failure);
    }

    [Fact]
    public void Verify_PublishedV1aVectorWithSignatureCorrupted_NoMatchingSignature()
    {
        var corrupted = VectorSignature.Replace("hnO3", "hnO4", StringComparison.Ordinal);
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(VectorVerifier(VectorPublicKey), VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody), corrupted).Failure);
    }

    [Fact]
    public void Verify_PublishedV1aVectorWithOtherIdOrTimestamp_NoMatchingSignature()
    {
        var verifier = VectorVerifier(VectorPublicKey);
        var body = Encoding.UTF8.GetBytes(VectorBody);
        Assert.False(Verify(verifier, VectorId + "x", VectorTimestamp, body, VectorSignature).IsValid);
        Assert.False(Verify(verifier, VectorId, VectorTimestamp + 1, body, VectorSignature).IsValid);
    }

    [Fact]
    public void Verify_MixedSecretAndPublicKey_AcceptsBothVersions()
    {
        var verifier = VectorVerifier(V1Secret, VectorPublicKey);
        var body = Encoding.UTF8.GetBytes(VectorBody);
        Assert.True(Verify(verifier, VectorId, VectorTimestamp, body, VectorSignature).IsValid);
        Assert.True(Verify(verifier, VectorId, VectorTimestamp, body, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=").IsValid);
        Assert.True(Verify(verifier, VectorId, VectorTimestamp, body, "v1,bm90IGl0 " + VectorSignature).IsValid);
    }

    [Fact]
    public void Verify_V1aVectorWithHmacOnlyVerifier_NoMatchingSignatureNamingThePackage()
    {
        var result = Verify(VectorVerifier(V1Secret), VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody), VectorSignature);
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
        Assert.Equal(0, result.SignaturesTried);
        Assert.Contains("ClerkSync.Webhooks.Ed25519", result.Message);
    }

    [Fact]
    public void Verify_GeneratedKeys_SignedWithNSec_IsValidAndTamperedIsNot()
    {
        var (key, publicKey) = NewKey();
        using (key)
        {
            var now = Clock.GetUtcNow().ToUnixTimeSeconds();
            var verifier = VectorVerifier(publicKey);
            foreach (var size in new[] { 0, 1, 1024, 65_536 })
            {
                var body = new byte[size];
                Random.Shared.NextBytes(body);
                var signature = SignV1a(key, "msg_generated", now, body);
                Assert.True(Verify(verifier, "msg_generated", now, body, signature).IsValid);
                if (size > 0)
                {
                    body[size / 2] ^= 0x80;
                    Assert.False(Verify(verifier, "msg_generated", now, body, signature).IsValid);
                }
            }
        }
    }

    [Fact]
    public void Verify_KeyRotation_EitherKeyMatches()
    {
        var (oldKey, oldPublic) = NewKey();
        var (newKey, newPublic) = NewKey();
        var (otherKey, _) = NewKey();
        using (oldKey)
        using (newKey)
        using (otherKey)
        {
            var now = Clock.GetUtcNow().ToUnixTimeSeconds();
            var body = Encoding.UTF8.GetBytes("{\"type\":\"user.created\"}");
            var verifier = VectorVerifier(oldPublic, newPublic);
            Assert.True(Verify(verifier, "msg_1", now, body, SignV1a(oldKey, "msg_1", now, body)).IsValid);
            Assert.True(Verify(verifier, "msg_1", now, body, SignV1a(newKey, "msg_1", now, body)).IsValid);
            Assert.True(Verify(verifier, "msg_1", now, body, SignV1a(otherKey, "msg_1", now, body) + " " + SignV1a(newKey, "msg_1", now, body)).IsValid);
            Assert.False(Verify(verifier, "msg_1", now, body, SignV1a(otherKey, "msg_1", now, body)).IsValid);
        }
    }

    [Theory]
    [InlineData("v1a,")]
    [InlineData("v1a,AAAA")]
    [InlineData("v1a,!!!notbase64!!!")]
    [InlineData("v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==AAAA")]
    public void Verify_MalformedV1aSignature_NoMatchingSignature(string signature) =>
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Verify(VectorVerifier(VectorPublicKey), VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody), signature).Failure);

    [Theory]
    [InlineData("whpk_")]
    [InlineData("whpk_AAAA")]
    [InlineData("whpk_not base64 at all, but a secret-looking value")]
    [InlineData("whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=AAAA")]
    public void Constructor_InvalidPublicKey_ArgumentExceptionWithoutTheKey(string publicKey)
    {
        var error = Assert.Throws<ArgumentException>(() => new Ed25519SignatureScheme([publicKey]));
        Assert.DoesNotContain(publicKey["whpk_".Length..] is { Length: > 0 } body ? body : "\u0000", error.Message, StringComparison.Ordinal);
        Assert.Contains("whpk_", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoKeys_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => new Ed25519SignatureScheme([]));

    [Fact]
    public void Constructor_TooManyKeys_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => new Ed25519SignatureScheme(Enumerable.Repeat(VectorPublicKey, WebhookVerifier.MaxSecrets + 1)));

    [Fact]
    public void Create_PublicKeysOnly_RejectsV1Entries()
    {
        var result = Verify(VectorVerifier(VectorPublicKey), VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody), "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
    }

    [Fact]
    public void Create_NothingConfigured_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => Ed25519WebhookVerifier.Create([]));

    [Fact]
    public void Create_InvalidSecretBesidePublicKey_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => Ed25519WebhookVerifier.Create([VectorPublicKey, "whsec_"]));

    [Fact]
    public void Verify_V1aAfterWarmUp_AllocatesNothing()
    {
        var verifier = VectorVerifier(VectorPublicKey);
        var body = Encoding.UTF8.GetBytes(VectorBody);
        var ts = VectorTimestamp.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(verifier.Verify(body, VectorId, ts, VectorSignature).IsValid);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            verifier.Verify(body, VectorId, ts, VectorSignature);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
