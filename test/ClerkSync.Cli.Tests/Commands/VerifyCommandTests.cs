using System.Text;
using System.Text.Json;
using ClerkSync.Cli.Tests.Support;
using ClerkSync.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace ClerkSync.Cli.Tests.Commands;

/// <summary><c>clerk-sync verify</c> on real signed captures, one per diagnosis.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private const long Now = 1_716_883_500;

    private readonly CliRunner _cli = new(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now)));

    public void Dispose() => _cli.Dispose();

    private async Task<CliResult> VerifyCaptureAsync(string capture, params string[] extra)
    {
        var path = _cli.WriteFile("capture.json", capture);
        return await _cli.RunAsync(["verify", "--delivery", path, .. extra]);
    }

    private static string FreshCapture(byte[]? signedBody = null, byte[]? capturedBody = null, long timestamp = Now - 10, string secret = Signed.Secret)
    {
        var body = signedBody ?? Signed.UserCreatedBody();
        return Signed.Capture(Signed.Headers(timestamp, Signed.Sign(body, timestamp, secret)), capturedBody ?? body);
    }

    /// <summary>Verifies a capture whose body differs from the one signed, both given as text.</summary>
    private Task<CliResult> VerifyChangedBodyAsync(string signed, string captured) =>
        VerifyCaptureAsync(FreshCapture(Encoding.UTF8.GetBytes(signed), Encoding.UTF8.GetBytes(captured)), "--secret", Signed.Secret);

    private static void AssertNoSecretsLeak(CliResult result, string capture)
    {
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("C2FVsBQIhrscChlQIMV", result.All, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(capture);
        var signature = json.RootElement.GetProperty("headers").TryGetProperty("svix-signature", out var s) ? s.GetString()! : "v1,none";
        Assert.DoesNotContain(signature.Split(',')[^1], result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ValidCapture_ExitsZeroAndNamesTheMatchingSecret()
    {
        var capture = FreshCapture();
        var result = await VerifyCaptureAsync(capture, "--secret", Signed.Secret);

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.StartsWith("valid", result.Output, StringComparison.Ordinal);
        Assert.Contains(WebhookSecret.Fingerprint(Signed.Secret), result.Output, StringComparison.Ordinal);
        Assert.Contains("10 seconds old", result.Output, StringComparison.Ordinal);
        AssertNoSecretsLeak(result, capture);
    }

    [Theory]
    [InlineData("svix-id")]
    [InlineData("svix-timestamp")]
    [InlineData("svix-signature")]
    public async Task Verify_MissingHeader_SaysWhichOne(string header)
    {
        var body = Signed.UserCreatedBody();
        var headers = Signed.Headers(Now, Signed.Sign(body, Now));
        headers.Remove(header);
        var result = await VerifyCaptureAsync(Signed.Capture(headers, body), "--secret", Signed.Secret);

        result.ExpectInvalid("missing_header", $"The {header} header is missing");
    }

    [Fact]
    public async Task Verify_HeaderRenamedByProxy_PointsAtTheRenamedHeader()
    {
        var body = Signed.UserCreatedBody();
        var headers = Signed.Headers(Now, Signed.Sign(body, Now));
        headers["svix_signature"] = headers["svix-signature"];
        headers.Remove("svix-signature");
        var result = await VerifyCaptureAsync(Signed.Capture(headers, body), "--secret", Signed.Secret);

        Assert.Equal(ExitCode.Failed, result.ExitCode);
        Assert.Contains("'svix_signature' is present", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WebhookHeaderFamily_IsAccepted()
    {
        var body = Signed.UserCreatedBody();
        var headers = new Dictionary<string, object>
        {
            ["Webhook-Id"] = Signed.MessageId,
            ["Webhook-Timestamp"] = Now.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook-Signature"] = Signed.Sign(body, Now),
        };
        var result = await VerifyCaptureAsync(Signed.Capture(headers, body), "--secret", Signed.Secret);

        Assert.Equal(ExitCode.Success, result.ExitCode);
    }

    [Fact]
    public async Task Verify_OldCapture_ReportsAgeInSecondsExcessAndDirection()
    {
        var result = await VerifyCaptureAsync(FreshCapture(timestamp: Now - (3 * 3600)), "--secret", Signed.Secret);

        result.ExpectInvalid("timestamp_too_old", "10800 seconds (3 hours) old, 10500 seconds (2.9 hours) past the 300-second tolerance", "behind this clock", "--ignore-timestamp");
    }

    [Fact]
    public async Task Verify_Capture301SecondsOld_SaysExactlyHowOldAndThatThisClockIsAhead()
    {
        var result = await VerifyCaptureAsync(FreshCapture(timestamp: Now - 301), "--secret", Signed.Secret);

        result.ExpectInvalid("timestamp_too_old", "301 seconds (5 minutes) old, 1 second past the 300-second tolerance", "this machine's clock is ahead");
        Assert.DoesNotContain("clock is behind", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OldCaptureWithIgnoreTimestamp_ChecksTheSignatureAlone()
    {
        var result = await VerifyCaptureAsync(FreshCapture(timestamp: Now - (3 * 3600)), "--secret", Signed.Secret, "--ignore-timestamp");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("[warning]", result.Output, StringComparison.Ordinal);
        Assert.Contains("The signature matches secret", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_FutureTimestamp_SaysThisClockIsBehind()
    {
        var result = await VerifyCaptureAsync(FreshCapture(timestamp: Now + 600), "--secret", Signed.Secret);

        result.ExpectInvalid("timestamp_too_new", "600 seconds (10 minutes) in the future, 300 seconds (5 minutes) past the 300-second tolerance", "this machine's clock is behind");
    }

    [Fact]
    public async Task Verify_MillisecondTimestamp_SaysMilliseconds()
    {
        var body = Signed.UserCreatedBody();
        var ms = Now * 1000;
        var result = await VerifyCaptureAsync(Signed.Capture(Signed.Headers(ms, Signed.Sign(body, ms)), body), "--secret", Signed.Secret);

        result.ExpectInvalid("invalid_timestamp", "milliseconds");
    }

    [Fact]
    public async Task Verify_WrongSecret_GivesFingerprintsSignatureCountAndInstance()
    {
        var capture = FreshCapture(secret: Signed.OtherSecret);
        var result = await VerifyCaptureAsync(capture, "--secret", Signed.Secret);

        result.ExpectInvalid("no_matching_signature", "1 v1 signature(s) tried");
        Assert.Contains(WebhookSecret.Fingerprint(Signed.Secret), result.Output, StringComparison.Ordinal);
        Assert.Contains("signed with another secret", result.Output, StringComparison.Ordinal);
        Assert.Contains("ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S", result.Output, StringComparison.Ordinal);
        Assert.Contains("development", result.Output, StringComparison.Ordinal);
        AssertNoSecretsLeak(result, capture);
    }

    [Fact]
    public async Task Verify_SeveralSecrets_TellsWhichOneMatches()
    {
        var result = await VerifyCaptureAsync(FreshCapture(), "--secret", Signed.OtherSecret, "--secret", Signed.Secret);

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains($"matches secret {WebhookSecret.Fingerprint(Signed.Secret)} (--secret #2); {WebhookSecret.Fingerprint(Signed.OtherSecret)} (--secret #1) does not", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RotationHeaderWithTwoSignatures_IsValidAndExplained()
    {
        var body = Signed.UserCreatedBody();
        var signature = Signed.Sign(body, Now, Signed.OtherSecret) + " " + Signed.Sign(body, Now);
        var result = await VerifyCaptureAsync(Signed.Capture(Signed.Headers(Now, signature), body), "--secret", Signed.Secret);

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("rotation", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TrailingNewlineAdded_ProvesIt()
    {
        var body = Signed.UserCreatedBody();
        var result = await VerifyCaptureAsync(FreshCapture(body, [.. body, (byte)'\n']), "--secret", Signed.Secret);

        result.ExpectInvalid("body_trailing_newline", "newline was added", "the secret is right");
    }

    [Fact]
    public async Task Verify_CrlfLineEnds_ProvesIt()
    {
        var signed = Encoding.UTF8.GetBytes("{\n  \"type\": \"user.created\",\n  \"data\": {\"id\": \"user_1\"}\n}");
        var captured = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed).Replace("\n", "\r\n", StringComparison.Ordinal));
        var result = await VerifyCaptureAsync(FreshCapture(signed, captured), "--secret", Signed.Secret);

        result.ExpectInvalid("body_crlf", "CRLF");
    }

    [Fact]
    public async Task Verify_PrettyPrintedBody_ProvesReserialisation()
    {
        var body = Signed.UserCreatedBody();
        using var json = JsonDocument.Parse(body);
        var pretty = JsonSerializer.SerializeToUtf8Bytes(json.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var result = await VerifyCaptureAsync(FreshCapture(body, pretty), "--secret", Signed.Secret);

        result.ExpectInvalid("body_reserialized", "re-serialised", "indented", "express.raw");
    }

    [Fact]
    public async Task Verify_GoEscapesUndoneByJsonStringify_ProvesReserialisation()
    {
        // Clerk (Go) escapes < > & in strings; JSON.stringify(req.body) writes them raw.
        var result = await VerifyChangedBodyAsync("{\"data\":{\"body\":\"\\u003cp\\u003eHi \\u0026 bye\\u003c/p\\u003e\"},\"type\":\"email.created\"}", "{\"data\":{\"body\":\"<p>Hi & bye</p>\"},\"type\":\"email.created\"}");

        result.ExpectInvalid("body_reserialized", "compact JSON as Clerk sends it");
    }

    [Fact]
    public async Task Verify_Mojibake_ProvesWrongEncoding()
    {
        var signed = Encoding.UTF8.GetBytes("{\"data\":{\"first_name\":\"Zoë\"},\"type\":\"user.created\"}");
        var captured = Encoding.UTF8.GetBytes(Encoding.Latin1.GetString(signed));
        var result = await VerifyCaptureAsync(FreshCapture(signed, captured), "--secret", Signed.Secret);

        result.ExpectInvalid("body_encoding", "Latin-1");
    }

    [Fact]
    public async Task Verify_IndentedBodyThatMatchesNothing_SaysItLooksReserialised()
    {
        var result = await VerifyChangedBodyAsync("{\"b\":1,\"a\":2}", "{\n  \"a\": 2,\n  \"b\": 1\n}");

        result.ExpectInvalid("no_matching_signature", "looks re-serialised");
        Assert.DoesNotContain("most likely signed with another secret", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SignatureWithoutVersionPrefix_IsMalformed()
    {
        var body = Signed.UserCreatedBody();
        var signature = Signed.Sign(body, Now)["v1,".Length..];
        var result = await VerifyCaptureAsync(Signed.Capture(Signed.Headers(Now, signature), body), "--secret", Signed.Secret);

        result.ExpectInvalid("malformed_signature_header", "'v1,'");
    }

    [Fact]
    public async Task Verify_DuplicatedHeader_Warns()
    {
        var body = Signed.UserCreatedBody();
        var headers = Signed.Headers(Now, Signed.Sign(body, Now));
        headers["svix-id"] = new[] { Signed.MessageId, Signed.MessageId };
        var result = await VerifyCaptureAsync(Signed.Capture(headers, body), "--secret", Signed.Secret);

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("appears 2 times", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BodyBase64Capture_UsesTheBytes()
    {
        var body = Encoding.Latin1.GetBytes("{\"data\":{\"name\":\"Zo\u00eb\"}}");
        var capture = Signed.Capture(Signed.Headers(Now, Signed.Sign(body, Now)), body, base64: true);
        var result = await VerifyCaptureAsync(capture, "--secret", Signed.Secret);

        Assert.Equal(ExitCode.Success, result.ExitCode);
    }

    [Fact]
    public async Task Verify_SeparateParts_Verify()
    {
        var body = Signed.UserCreatedBody();
        var bodyFile = _cli.WriteFile("body.json", body);
        var result = await _cli.RunAsync("verify", "--id", Signed.MessageId, "--timestamp", Now.ToString(System.Globalization.CultureInfo.InvariantCulture), "--signature", Signed.Sign(body, Now), "--body-file", bodyFile, "--secret", Signed.Secret);

        Assert.Equal(ExitCode.Success, result.ExitCode);
    }

    [Fact]
    public async Task Verify_SecretFromEnvironmentAndDevSecret_AreBothTried()
    {
        _cli.WithEnvironment("CLERK_WEBHOOK_SIGNING_SECRET", Signed.OtherSecret);
        _cli.WriteFile("clerk-sync.db.dev-secret", Signed.Secret + "\n");
        var result = await VerifyCaptureAsync(FreshCapture());

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("(clerk-sync.db.dev-secret)", result.Output, StringComparison.Ordinal);
        Assert.Contains("(CLERK_WEBHOOK_SIGNING_SECRET) does not", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Json_ReportsCodeFindingsAndSecrets()
    {
        var result = await VerifyCaptureAsync(FreshCapture(secret: Signed.OtherSecret), "--secret", Signed.Secret, "--json");

        Assert.Equal(ExitCode.Failed, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("no_matching_signature", json.RootElement.GetProperty("code").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("signatures_tried").GetInt32());
        Assert.Equal(-10, json.RootElement.GetProperty("clock_skew_seconds").GetInt64());
        Assert.False(json.RootElement.GetProperty("secrets")[0].GetProperty("matches").GetBoolean());
    }

    [Fact]
    public async Task Verify_NothingToVerify_IsUsageError()
    {
        var result = await _cli.RunAsync("verify", "--secret", Signed.Secret);

        result.ExpectUsageError("--delivery");
    }

    [Fact]
    public async Task Verify_MissingFile_IsUsageError()
    {
        var result = await _cli.RunAsync("verify", "--delivery", "nope.json", "--secret", Signed.Secret);

        result.ExpectUsageError("not found");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"headers\": {}}")]
    public async Task Verify_BadCaptureFile_IsUsageErrorThatShowsTheFormat(string capture)
    {
        var result = await VerifyCaptureAsync(capture, "--secret", Signed.Secret);

        result.ExpectUsageError("body_base64");
    }

    [Fact]
    public async Task Verify_BadSecret_IsUsageErrorWithoutEchoingIt()
    {
        var result = await VerifyCaptureAsync(FreshCapture(), "--secret", "whsec_!!notbase64!!");

        result.ExpectUsageError("not base64");
        Assert.DoesNotContain("notbase64", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NoSecretConfigured_IsUsageError()
    {
        var result = await VerifyCaptureAsync(FreshCapture());

        result.ExpectUsageError("CLERK_WEBHOOK_SIGNING_SECRET");
    }

    [Fact]
    public async Task Verify_UnknownOption_IsUsageError()
    {
        var result = await _cli.RunAsync("verify", "--frobnicate");

        result.ExpectUsageError();
    }
}
