using ClerkSync.Webhooks;

namespace ClerkSync.Webhooks.Tests.Verification;

/// <summary>Secrets are checked at construction, and no error message ever echoes one.</summary>
public sealed class WebhookSecretTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData("whsec_")]
    [InlineData("whsec_   ")]
    [InlineData("whsec_not*base64!secret")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwX")]
    [InlineData("whsec_Mf KQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw====")]
    [InlineData("sk_live_totallyNotAWebhookSecret$$")]
    public void Constructor_InvalidSecret_ArgumentExceptionWithoutTheSecret(string secret)
    {
        var error = Assert.Throws<ArgumentException>(() => new WebhookVerifier([secret]));
        Assert.Equal("secrets", error.ParamName);
        var meaningful = secret.Trim();
        if (meaningful.Length > "whsec_".Length)
        {
            Assert.DoesNotContain(meaningful["whsec_".Length..], error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("Clerk dashboard", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullSecretInList_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => new WebhookVerifier([null!]));

    [Fact]
    public void Constructor_NoSecrets_ArgumentExceptionNamingTheVariable()
    {
        var error = Assert.Throws<ArgumentException>(() => new WebhookVerifier([]));
        Assert.Contains("CLERK_WEBHOOK_SIGNING_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PublicKeyGivenAsSecret_ArgumentExceptionNamingTheEd25519Package()
    {
        var error = Assert.Throws<ArgumentException>(() => new WebhookVerifier(["whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4="]));
        Assert.Contains("ClerkSync.Webhooks.Ed25519", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TooManySecrets_ArgumentException()
    {
        var secrets = Enumerable.Range(0, WebhookVerifier.MaxSecrets + 1).Select(_ => WebhookSecret.Generate()).ToArray();
        var error = Assert.Throws<ArgumentException>(() => new WebhookVerifier(secrets));
        Assert.Contains(WebhookVerifier.MaxSecrets.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.All(secrets, s => Assert.DoesNotContain(s, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_MaxSecrets_Accepted() =>
        Assert.Equal(WebhookVerifier.MaxSecrets, new WebhookVerifier(Enumerable.Range(0, WebhookVerifier.MaxSecrets).Select(_ => WebhookSecret.Generate())).SecretFingerprints.Count);

    [Theory]
    [InlineData(24)]
    [InlineData(25)]
    [InlineData(32)]
    [InlineData(64)]
    public void Verify_UnpaddedSecret_SameAsPadded(int keyBytes)
    {
        var key = new byte[keyBytes];
        Random.Shared.NextBytes(key);
        var padded = "whsec_" + Convert.ToBase64String(key);
        var signed = Signed.Create(padded);
        Assert.True(signed.VerifyWith(Signed.Verifier(padded.TrimEnd('='))).IsValid);
        Assert.True(signed.VerifyWith(Signed.Verifier(padded["whsec_".Length..].TrimEnd('='))).IsValid);
        Assert.Equal(WebhookSecret.Fingerprint(padded), WebhookSecret.Fingerprint(padded.TrimEnd('=')));
    }

    [Fact]
    public void Verify_SecretWithSurroundingWhitespace_Trimmed()
    {
        var signed = Signed.Create();
        Assert.True(signed.VerifyWith(Signed.Verifier("  " + signed.Secret + "\n")).IsValid);
    }

    [Fact]
    public void Fingerprint_DoesNotContainTheSecret()
    {
        var secret = WebhookSecret.Generate();
        var fingerprint = WebhookSecret.Fingerprint(secret);
        Assert.StartsWith("sha256:", fingerprint, StringComparison.Ordinal);
        Assert.Equal(19, fingerprint.Length);
        Assert.DoesNotContain(fingerprint["sha256:".Length..], secret, StringComparison.OrdinalIgnoreCase);
    }
}
