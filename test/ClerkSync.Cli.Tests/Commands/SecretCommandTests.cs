using System.Text.Json;
using ClerkSync.Cli.Tests.Support;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Tests.Commands;

public sealed class SecretCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task SecretNew_PrintsAFreshValidSecretAndItsFingerprint()
    {
        var first = await _cli.RunAsync("secret", "new");
        var second = await _cli.RunAsync("secret", "new");

        Assert.Equal(ExitCode.Success, first.ExitCode);
        var secret = first.Output.Trim();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, second.Output.Trim());
        Assert.Contains(WebhookSecret.Fingerprint(secret), first.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretCheck_Valid_PrintsFingerprintNotTheSecret()
    {
        var result = await _cli.RunAsync("secret", "check", Signed.Secret);

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains(WebhookSecret.Fingerprint(Signed.Secret), result.Output, StringComparison.Ordinal);
        Assert.Contains("24-byte key", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("whsec_", "empty")]
    [InlineData("whsec_abc!", "not base64")]
    [InlineData("whsec_YWJj", "3-byte key")]
    [InlineData("\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"", "quotes")]
    [InlineData("whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=", "public key")]
    [InlineData("sk_test_abcdefghijklmnop", "API key")]
    public async Task SecretCheck_Bad_ExitsTwoWithWhatToFix(string secret, string expected)
    {
        var result = await _cli.RunAsync("secret", "check", secret);

        result.ExpectUsageError();
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretCheck_NoPrefix_IsValidWithANote()
    {
        var result = await _cli.RunAsync("secret", "check", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("no whsec_ prefix", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretCheck_WithoutArgument_ChecksEveryConfiguredSource()
    {
        _cli.WithEnvironment("CLERK_WEBHOOK_SIGNING_SECRET", Signed.Secret).WithEnvironment("CLERK_WEBHOOK_SECRET", "whsec_");
        _cli.WriteFile("clerk-sync.db.dev-secret", Signed.OtherSecret);
        var result = await _cli.RunAsync("secret", "check");

        result.ExpectUsageError();
        Assert.Contains($"CLERK_WEBHOOK_SIGNING_SECRET: valid, 24-byte key, fingerprint {WebhookSecret.Fingerprint(Signed.Secret)}", result.Output, StringComparison.Ordinal);
        Assert.Contains("CLERK_WEBHOOK_SECRET: not usable", result.Error, StringComparison.Ordinal);
        Assert.Contains($"clerk-sync.db.dev-secret: valid, 24-byte key, fingerprint {WebhookSecret.Fingerprint(Signed.OtherSecret)}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretCheck_NothingConfigured_IsUsageError()
    {
        var result = await _cli.RunAsync("secret", "check");

        result.ExpectUsageError("No signing secret");
    }

    [Fact]
    public async Task SecretCheck_Json_IsMachineReadable()
    {
        var result = await _cli.RunAsync("secret", "check", Signed.Secret, "--json");

        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement[0].GetProperty("valid").GetBoolean());
        Assert.Equal(WebhookSecret.Fingerprint(Signed.Secret), json.RootElement[0].GetProperty("fingerprint").GetString());
    }
}
