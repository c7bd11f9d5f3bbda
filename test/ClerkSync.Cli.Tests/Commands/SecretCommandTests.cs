using System.Text.Json;
using ClerkSync.Cli.Tests.Support;
using ClerkSync.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
    [InlineData("whsec_abc", "2-byte key")]
    [InlineData("not", "2-byte key")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa", "22-byte key")]
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
    public async Task SecretCheck_VariableWithTrailingComma_RefusesEachBadEntryByPosition()
    {
        _cli.WithEnvironment("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_abc,");
        var result = await _cli.RunAsync("secret", "check");

        result.ExpectUsageError(
            "CLERK_WEBHOOK_SIGNING_SECRET (entry 1 of 2): not usable. It decodes to a 2-byte key",
            "CLERK_WEBHOOK_SIGNING_SECRET (entry 2 of 2): not usable. It is empty");
    }

    [Fact]
    public async Task SecretCheck_RotationInOneVariable_ChecksEachSecret()
    {
        _cli.WithEnvironment("CLERK_WEBHOOK_SIGNING_SECRET", $" {Signed.Secret},\t{Signed.OtherSecret}\n");
        var result = await _cli.RunAsync("secret", "check");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains($"CLERK_WEBHOOK_SIGNING_SECRET (entry 1 of 2): valid, 24-byte key, fingerprint {WebhookSecret.Fingerprint(Signed.Secret)}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"CLERK_WEBHOOK_SIGNING_SECRET (entry 2 of 2): valid, 24-byte key, fingerprint {WebhookSecret.Fingerprint(Signed.OtherSecret)}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretCheck_BlankVariable_IsNotUsable()
    {
        _cli.WithEnvironment("CLERK_WEBHOOK_SIGNING_SECRET", "  ");
        var result = await _cli.RunAsync("secret", "check");

        result.ExpectUsageError("CLERK_WEBHOOK_SIGNING_SECRET: not usable. It is empty");
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,")]
    [InlineData("whsec_abc")]
    [InlineData("not")]
    [InlineData("whsec_abc,")]
    [InlineData("whsec_")]
    [InlineData("\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"")]
    [InlineData("whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=")]
    [InlineData("sk_test_abcdefghijklmnopqrstuvwxyzABCDEF")]
    public async Task SecretCheckAndAddClerkSync_SameValue_SameVerdict(string value)
    {
        _cli.WithEnvironment("CLERK_WEBHOOK_SIGNING_SECRET", value);
        var check = await _cli.RunAsync("secret", "check");

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection([new("CLERK_WEBHOOK_SIGNING_SECRET", value)]).Build());
        services.AddLogging();
        // A storage is part of a valid composition; this one is never opened, since only the options are resolved.
        services.AddClerkSync().UseSqlite("never-opened.db");
        using var provider = services.BuildServiceProvider();
        string? refusal = null;
        try
        {
            _ = provider.GetRequiredService<IOptions<ClerkSyncOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            refusal = ex.Message;
        }

        Assert.True((check.ExitCode == ExitCode.Success) == (refusal is null), $"secret check exit {check.ExitCode} ({check.Error.Trim()}); AddClerkSync: {refusal ?? "accepted"}");
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
