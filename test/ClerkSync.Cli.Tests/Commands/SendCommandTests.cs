using System.Text;
using System.Text.Json;
using ClerkSync.Cli.Sending;
using ClerkSync.Cli.Tests.Support;

namespace ClerkSync.Cli.Tests.Commands;

/// <summary><c>clerk-sync send</c> against a real in-test Kestrel receiver that verifies every request.</summary>
public sealed class SendCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> SendAsync(TestReceiver receiver, params string[] args) =>
        _cli.RunAsync(["send", "--url", receiver.Url.ToString(), "--secret", Signed.Secret, "--no-progress", .. args]);

    private static JsonElement Data(ReceivedAttempt attempt)
    {
        using var json = JsonDocument.Parse(attempt.Body);
        return json.RootElement.GetProperty("data").Clone();
    }

    [Fact]
    public async Task Send_TypeWithCount_SendsDistinctValidlySignedEvents()
    {
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret);
        var result = await SendAsync(receiver, "--type", "user.created", "--count", "5");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Equal(5, receiver.Attempts.Count);
        Assert.All(receiver.Attempts, a => Assert.True(a.SignatureValid, a.VerificationCode));
        Assert.All(receiver.Attempts, a => Assert.StartsWith("msg_", a.MessageId, StringComparison.Ordinal));
        Assert.Equal(5, receiver.Attempts.Select(a => a.MessageId).Distinct().Count());
        Assert.Equal(5, receiver.Attempts.Select(a => Data(a).GetProperty("id").GetString()).Distinct().Count());
        Assert.All(receiver.Attempts, a => Assert.StartsWith("user_", Data(a).GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.Contains("2xx 5", result.Output, StringComparison.Ordinal);
        Assert.Contains("p99", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_All_SendsEveryCatalogTypeOnce()
    {
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret);
        var result = await SendAsync(receiver, "--all", "--concurrency", "8");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        var types = receiver.Attempts.Select(a =>
        {
            using var json = JsonDocument.Parse(a.Body);
            return json.RootElement.GetProperty("type").GetString();
        }).ToList();
        Assert.Equal(SampleCatalog.Types.Count, types.Count);
        Assert.Equal(SampleCatalog.Types.Count, types.Distinct().Count());
        Assert.All(receiver.Attempts, a => Assert.True(a.SignatureValid));
    }

    [Fact]
    public async Task Send_SvixMode_RetriesWithSameIdAndFreshlySignedTimestamp()
    {
        // The first attempt fails; Svix's second comes 5 s later, x 0.25 here, so its timestamp is at least a second newer.
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret, a => a.AttemptForMessage == 1 ? new Reply(503) : Reply.Ok);
        var result = await SendAsync(receiver, "--type", "user.updated", "--count", "3", "--concurrency", "3", "--svix", "--svix-scale", "0.25");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Equal(6, receiver.Attempts.Count);
        foreach (var message in receiver.Attempts.GroupBy(a => a.MessageId))
        {
            var attempts = message.OrderBy(a => a.AttemptForMessage).ToList();
            Assert.Equal([1, 2], attempts.Select(a => a.AttemptForMessage));
            Assert.All(attempts, a => Assert.True(a.SignatureValid, a.VerificationCode));
            Assert.Equal(attempts[0].Body, attempts[1].Body);
            Assert.True(attempts[1].Timestamp > attempts[0].Timestamp, "the retry is re-signed with a fresh timestamp");
            Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1.1), "the retry waits 5 s x 0.25");
        }
    }

    [Fact]
    public async Task Send_SvixMode_FollowsTheScheduleUntilAcknowledged()
    {
        // Attempts 2, 3 and 4 come 5 s, 5 min and 30 min after the previous failure: 5 ms, 0.3 s and 1.8 s at x 0.001.
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret, a => a.AttemptForMessage <= 3 ? new Reply(500) : Reply.Ok);
        var result = await SendAsync(receiver, "--type", "user.updated", "--count", "4", "--concurrency", "2", "--svix", "--svix-scale", "0.001", "--json");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        var attempts = receiver.Attempts.GroupBy(a => a.MessageId).First().OrderBy(a => a.AttemptForMessage).ToList();
        Assert.InRange((attempts[3].At - attempts[2].At).TotalSeconds, 1.7, 5);
        Assert.InRange((attempts[2].At - attempts[1].At).TotalSeconds, 0.28, 1.5);
        using var summary = JsonDocument.Parse(result.Output);
        Assert.Equal(16, summary.RootElement.GetProperty("requests").GetInt32());
        Assert.Equal(12, summary.RootElement.GetProperty("retried").GetInt32());
        Assert.Equal(4, summary.RootElement.GetProperty("acknowledged").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Send_SvixMode_HonoursRetryAfter()
    {
        var retryAfter = new Dictionary<string, string> { ["Retry-After"] = "2" };
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret, a => a.AttemptForMessage == 1 ? new Reply(429, Headers: retryAfter) : Reply.Ok);
        var result = await SendAsync(receiver, "--type", "user.created", "--svix", "--svix-scale", "0.5");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        var attempts = receiver.Attempts;
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.9), $"waited {attempts[1].At - attempts[0].At} instead of Retry-After 2 s x 0.5");
    }

    [Fact]
    public async Task Send_SvixMode_StopsOnAbortMessage()
    {
        var abort = new Dictionary<string, string> { ["webhook-delivery"] = "abort-message" };
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret, _ => new Reply(500, Headers: abort));
        var result = await SendAsync(receiver, "--type", "user.created", "--svix", "--svix-scale", "0.001", "--json");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Single(receiver.Attempts);
        using var summary = JsonDocument.Parse(result.Output);
        Assert.Equal(1, summary.RootElement.GetProperty("aborted").GetInt32());
    }

    [Fact]
    public async Task Send_SvixMode_GivesUpAfterEightAttempts()
    {
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret, _ => new Reply(500));
        var result = await SendAsync(receiver, "--type", "user.created", "--svix", "--svix-scale", "0.00001");

        Assert.Equal(ExitCode.Failed, result.ExitCode);
        Assert.Equal(8, receiver.Attempts.Count);
        Assert.Contains("failed 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("HTTP 500 test_failure x1", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_SvixMode_RetriesATimeout()
    {
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret, a => a.AttemptForMessage == 1 ? new Reply(200, TimeSpan.FromSeconds(5)) : Reply.Ok);
        var result = await SendAsync(receiver, "--type", "user.created", "--svix", "--svix-scale", "0.001", "--timeout", "0.5", "--json");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Equal(2, receiver.Attempts.Count);
        using var summary = JsonDocument.Parse(result.Output);
        Assert.Equal(1, summary.RootElement.GetProperty("no_response").GetInt32());
    }

    [Fact]
    public async Task Send_WithoutSvix_FailsOnceAndExitsOne()
    {
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret, _ => new Reply(500));
        var result = await SendAsync(receiver, "--type", "user.created", "--count", "2");

        Assert.Equal(ExitCode.Failed, result.ExitCode);
        Assert.Equal(2, receiver.Attempts.Count);
    }

    [Fact]
    public async Task Send_WrongSecret_HintsAtTheSecret()
    {
        await using var receiver = await TestReceiver.StartAsync(Signed.OtherSecret);
        var result = await SendAsync(receiver, "--type", "user.created");

        Assert.Equal(ExitCode.Failed, result.ExitCode);
        Assert.Contains("HTTP 400 no_matching_signature", result.Output, StringComparison.Ordinal);
        Assert.Contains("another secret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NothingListening_HintsToStartServe()
    {
        var result = await _cli.RunAsync("send", "--url", "http://127.0.0.1:9/hook", "--secret", Signed.Secret, "--type", "user.created", "--no-progress");

        Assert.Equal(ExitCode.Failed, result.ExitCode);
        Assert.Contains("cannot connect", result.Output, StringComparison.Ordinal);
        Assert.Contains("is the receiver running", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_SvixNothingListening_SaysNothingWasDeliveredAndFails()
    {
        // Issue #12: this printed "latency p50 0.00 ms" as if the receiver had answered instantly.
        var result = await _cli.RunAsync("send", "--url", "http://127.0.0.1:9/hook", "--secret", Signed.Secret, "--type", "user.created", "--svix", "--svix-scale", "0.00001", "--no-progress");

        Assert.Equal(ExitCode.Failed, result.ExitCode);
        Assert.Contains("nothing was delivered: none of the 8 attempts got a response", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("latency", result.Output, StringComparison.Ordinal);
        Assert.Contains("is the receiver running", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_DuplicateRateOne_DeliversEveryMessageTwice()
    {
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret);
        var result = await SendAsync(receiver, "--type", "session.created", "--count", "10", "--duplicate-rate", "1", "--concurrency", "4");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Equal(20, receiver.Attempts.Count);
        Assert.All(receiver.Attempts.GroupBy(a => a.MessageId), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public async Task Send_AckLog_HoldsEveryAcknowledgedId()
    {
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret);
        var result = await SendAsync(receiver, "--all", "--count", "100", "--concurrency", "8", "--shuffle", "--ack-log", "acks.txt");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        var acked = File.ReadAllLines(_cli.PathOf("acks.txt"));
        Assert.Equal(receiver.Attempts.Select(a => a.MessageId).Order(), acked.Order());
        Assert.Equal(100, acked.Distinct().Count());
    }

    [Fact]
    public async Task Send_File_SendsItsExactBytes()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"custom.event\",\"data\":{\"x\":1}}\n");
        var path = _cli.WriteFile("body.json", body);
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret);
        var result = await SendAsync(receiver, "--file", path, "--count", "2");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.All(receiver.Attempts, a => Assert.Equal(body, a.Body));
        Assert.Equal(2, receiver.Attempts.Select(a => a.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Send_DevSecretBesideTheDatabase_IsUsedByDefault()
    {
        _cli.WriteFile("local.db.dev-secret", Signed.Secret + "\n");
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret);
        var result = await _cli.RunAsync("send", "--url", receiver.Url.ToString(), "--db", "local.db", "--type", "user.created", "--no-progress");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("(local.db.dev-secret)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_EnvironmentSecret_WinsOverTheDevSecret()
    {
        _cli.WithEnvironment("CLERK_WEBHOOK_SIGNING_SECRET", Signed.Secret);
        _cli.WriteFile("clerk-sync.db.dev-secret", Signed.OtherSecret);
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret);
        var result = await _cli.RunAsync("send", "--url", receiver.Url.ToString(), "--type", "user.created", "--no-progress");

        Assert.Equal(ExitCode.Success, result.ExitCode);
    }

    [Fact]
    public async Task Send_ProgressLine_IsWrittenDuringLongRuns()
    {
        await using var receiver = await TestReceiver.StartAsync(Signed.Secret, _ => new Reply(200, TimeSpan.FromMilliseconds(400)));
        var result = await _cli.RunAsync("send", "--url", receiver.Url.ToString(), "--secret", Signed.Secret, "--type", "user.created", "--count", "4");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("messages,", result.Error, StringComparison.Ordinal);
        Assert.Contains("req/s", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--type", "user.create")]
    [InlineData("--count", "0")]
    [InlineData("--concurrency", "0")]
    [InlineData("--duplicate-rate", "2")]
    [InlineData("--url", "not-a-url")]
    [InlineData("--svix-scale", "0")]
    public async Task Send_BadUsage_ExitsTwo(string option, string value)
    {
        string[] args = option == "--type" ? ["send", "--secret", Signed.Secret, option, value] : ["send", "--secret", Signed.Secret, "--type", "user.created", option, value];
        var result = await _cli.RunAsync(args);

        result.ExpectUsageError();
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public async Task Send_NothingSelected_ExitsTwoAndSaysHow()
    {
        var result = await _cli.RunAsync("send", "--secret", Signed.Secret);

        result.ExpectUsageError("--all");
    }

    [Fact]
    public async Task Send_NoSecret_ExitsTwo()
    {
        var result = await _cli.RunAsync("send", "--type", "user.created");

        result.ExpectUsageError("clerk-sync serve");
    }

    [Fact]
    public async Task Send_List_PrintsEveryType()
    {
        var result = await _cli.RunAsync("send", "--list");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Equal(SampleCatalog.Types.Count, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("organizationMembership.deleted", result.Output, StringComparison.Ordinal);
    }
}
