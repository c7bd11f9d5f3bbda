using ClerkSync.Webhooks;

namespace ClerkSync.Webhooks.Tests.Verification;

/// <summary>Issue #10 items 2 and 5 at the library level: the spec's key size, one value holding several secrets, the skew message.</summary>
public sealed class InputFaultTests
{
    [Theory]
    [InlineData("whsec_abc", 2)]
    [InlineData("not", 2)]
    [InlineData("whsec_YWJj", 3)]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa", 22)]
    public void Constructor_KeyShorterThanTheSpecsMinimum_ArgumentExceptionSayingItsSize(string secret, int keyBytes)
    {
        var error = Assert.Throws<ArgumentException>(() => new WebhookVerifier([secret]));

        Assert.Contains($"a {keyBytes}-byte key", error.Message, StringComparison.Ordinal);
        Assert.Contains("24 to 64", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign(secret, "msg_1", 1, [])); // the signer applies the same rule
    }

    [Theory]
    [InlineData(23, false)]
    [InlineData(24, true)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Check_KeySizeAtTheSpecsBounds_AcceptedFrom24To64Bytes(int keyBytes, bool valid)
    {
        var secret = WebhookSecret.Prefix + Convert.ToBase64String(new byte[keyBytes].Select((_, i) => (byte)(i + 1)).ToArray());

        var check = WebhookSecretCheck.Of(secret);

        Assert.Equal(valid, check.IsValid);
        Assert.Equal(valid, Record.Exception(() => new WebhookVerifier([secret])) is null);
    }

    [Theory]
    [InlineData("a", new[] { "a" })]
    [InlineData("  a  ", new[] { "a" })]
    [InlineData("a b", new[] { "a", "b" })]
    [InlineData("a,b", new[] { "a", "b" })]
    [InlineData("a , b", new[] { "a", "b" })]
    [InlineData("a\n\tb\n", new[] { "a", "b" })]
    [InlineData("a,", new[] { "a", "" })]
    [InlineData(",a", new[] { "", "a" })]
    [InlineData("a,,b", new[] { "a", "", "b" })]
    [InlineData("a, ,b", new[] { "a", "", "b" })]
    [InlineData("   ", new string[0])]
    [InlineData("", new string[0])]
    public void Split_OneValue_SecretsInOrderAndEmptyEntriesKept(string value, string[] expected) =>
        Assert.Equal(expected, SigningSecretVariables.Split(value));

    [Fact]
    public void Find_SigningSecretBlankOtherSet_UsesTheOther() =>
        Assert.Equal(
            (SigningSecretVariables.Secret, "whsec_x"),
            SigningSecretVariables.Find(name => name == SigningSecretVariables.SigningSecret ? " " : "whsec_x"));

    [Fact]
    public void Find_OnlyBlank_ReturnsTheBlankVariable() =>
        Assert.Equal((SigningSecretVariables.SigningSecret, ""), SigningSecretVariables.Find(name => name == SigningSecretVariables.SigningSecret ? "" : null));

    [Fact]
    public void Find_NeitherSet_ReturnsNull() =>
        Assert.Null(SigningSecretVariables.Find(_ => null));

    [Fact]
    public void Message_Delivery301SecondsOld_StatesAgeExcessAndDirection()
    {
        var result = Signed.Create(timestamp: Signed.Now - 301).Verify();

        Assert.Equal(WebhookVerificationFailure.TimestampTooOld, result.Failure);
        Assert.StartsWith("The delivery is 301 seconds (5 minutes) old, 1 second past the 300-second tolerance: its svix-timestamp is behind this clock", result.Message, StringComparison.Ordinal);
        Assert.Contains("replayed or delayed", result.Message, StringComparison.Ordinal);
        Assert.Contains("this machine's clock is ahead", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("behind.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_DeliveryThreeHoursOld_ExactSecondsAndHours()
    {
        var result = Signed.Create(timestamp: Signed.Now - (3 * 3600)).Verify();

        Assert.StartsWith("The delivery is 10800 seconds (3 hours) old, 10500 seconds (2.9 hours) past the 300-second tolerance", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_Delivery400SecondsAhead_StatesLeadExcessAndDirection()
    {
        var result = Signed.Create(timestamp: Signed.Now + 400).Verify();

        Assert.Equal(WebhookVerificationFailure.TimestampTooNew, result.Failure);
        Assert.StartsWith("The delivery is dated 400 seconds (6.7 minutes) in the future, 100 seconds past the 300-second tolerance: its svix-timestamp is ahead of this clock", result.Message, StringComparison.Ordinal);
        Assert.Contains("the sender's clock is ahead or this machine's clock is behind", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_OtherTolerance_MeasuredAgainstIt()
    {
        var signed = Signed.Create(timestamp: Signed.Now - 61);

        var result = signed.VerifyWith(new WebhookVerifier([signed.Secret], TimeSpan.FromMinutes(1), Signed.Clock));

        Assert.StartsWith("The delivery is 61 seconds old, 1 second past the 60-second tolerance", result.Message, StringComparison.Ordinal);
    }
}
