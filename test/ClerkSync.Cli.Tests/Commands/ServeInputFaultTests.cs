using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ClerkSync.Cli.Tests.Support;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Tests.Commands;

/// <summary>
/// Issue #10 items 2, 5 and 13 against a real <c>clerk-sync serve</c> process: secrets serve must refuse at start-up,
/// the blank-secret rule, the skew message in the 401 body, and what other methods get.
/// </summary>
public sealed partial class ServeInputFaultTests
{
    /// <summary>The contract: refused within 30 s. Start-up reaches the check in about a second on an idle machine.</summary>
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_abc", "2-byte key")]
    [InlineData("CLERK_WEBHOOK_SIGNING_SECRET", "not", "2-byte key")]
    [InlineData("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_abc,", "(entry 2 of 2): It is empty")]
    [InlineData("CLERK_WEBHOOK_SECRET", "whsec_abc", "2-byte key")]
    public async Task Serve_SecretSecretCheckRefuses_ExitsNonZeroWithinSecondsNamingTheVariable(string variable, string secret, string problem)
    {
        await using var serve = ServeProcess.InNewFolder("bad-secret", secret: null);
        serve.Environment[variable] = secret;

        var (exitCode, output, error, elapsed) = await serve.ExpectExitAsync(RefusalBound);

        Assert.Equal(ExitCode.UsageError, exitCode);
        Assert.Contains(variable + (secret.Contains(',', StringComparison.Ordinal) ? " (entry 1 of 2): It decodes to a 2-byte key" : ": It decodes"), error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.DoesNotContain("ClerkSync:Secrets", error, StringComparison.Ordinal);
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(secret.TrimEnd(','), output + error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // one message, no stack trace
        Assert.True(elapsed < RefusalBound, $"took {elapsed}");
    }

    [Fact]
    public async Task Serve_RotationWithOneTruncatedSecret_NamesTheBadEntry()
    {
        await using var serve = ServeProcess.InNewFolder("rotation-bad", $"{WebhookSecret.Generate()} whsec_MfKQ9r8GKYqrTwjUPD8");

        var (exitCode, _, error, _) = await serve.ExpectExitAsync(RefusalBound);

        Assert.Equal(ExitCode.UsageError, exitCode);
        Assert.Contains("CLERK_WEBHOOK_SIGNING_SECRET (entry 2 of 2): It decodes to a 14-byte key", error, StringComparison.Ordinal);
        Assert.DoesNotContain("entry 1 of 2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Secrets:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData(",")]
    public async Task Serve_RotationSeparators_VerifiesWithEitherSecret(string separator)
    {
        var (old, current) = (WebhookSecret.Generate(), WebhookSecret.Generate());
        await using var serve = ServeProcess.InNewFolder("rotation", old + separator + current);
        await serve.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(serve, old, "msg_rotation_old")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(serve, current, "msg_rotation_new")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(serve, WebhookSecret.Generate(), "msg_rotation_other")).Status);
    }

    [Theory]
    [InlineData("Production", "")]
    [InlineData("Production", "   ")]
    [InlineData("Staging", "")]
    public async Task Serve_BlankSecretOutsideDevelopment_RefusesInsteadOfUsingTheDevelopmentSecret(string environment, string blank)
    {
        await using var serve = ServeProcess.InNewFolder("blank-secret", blank);
        serve.Environment["DOTNET_ENVIRONMENT"] = environment;
        serve.Environment["ASPNETCORE_ENVIRONMENT"] = environment;

        var (exitCode, _, error, _) = await serve.ExpectExitAsync(RefusalBound);

        Assert.Equal(ExitCode.UsageError, exitCode);
        Assert.Contains("CLERK_WEBHOOK_SIGNING_SECRET is set but empty", error, StringComparison.Ordinal);
        Assert.Contains("Development", error, StringComparison.Ordinal);
        Assert.False(File.Exists(serve.Database + ".dev-secret"), "no development secret may be generated");
    }

    [Theory]
    [InlineData("DOTNET_ENVIRONMENT")]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    public async Task Serve_BlankSecretInDevelopment_UsesTheDevelopmentSecret(string variable)
    {
        await using var serve = ServeProcess.InNewFolder("blank-dev", "  ");
        serve.Environment[variable] = "Development";
        await serve.StartAsync(TestContext.Current.CancellationToken);

        var devSecret = File.ReadAllText(serve.Database + ".dev-secret").Trim();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(serve, devSecret, "msg_blank_dev")).Status);
    }

    [Fact]
    public async Task Serve_NoSecretOutsideDevelopment_StartsWithTheDevelopmentSecret()
    {
        // The README's first command on a fresh machine: no variable at all, no environment name (Production).
        await using var serve = ServeProcess.InNewFolder("fresh", secret: null);
        serve.Environment["DOTNET_ENVIRONMENT"] = "Production";
        serve.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        await serve.StartAsync(TestContext.Current.CancellationToken);

        var devSecret = File.ReadAllText(serve.Database + ".dev-secret").Trim();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(serve, devSecret, "msg_fresh")).Status);
    }

    [Fact]
    public async Task Serve_Delivery301SecondsOld_401BodyStatesItsAgeAndDirection()
    {
        var secret = WebhookSecret.Generate();
        await using var serve = ServeProcess.InNewFolder("skew", secret);
        await serve.StartAsync(TestContext.Current.CancellationToken);

        var (status, body, sent) = await PostAsync(serve, secret, "msg_skew_old", ageSeconds: 301);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("\"timestamp_too_old\"", body, StringComparison.Ordinal);

        // The server reads its clock a moment after the timestamp was made: a second boundary may pass in between.
        var age = long.Parse(AgeInBody().Match(body).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(age, 301, 301 + (long)Math.Ceiling(sent.TotalSeconds) + 1);
        Assert.Contains(age == 301 ? "1 second past the 300-second tolerance" : $"{age - 300} seconds past the 300-second tolerance", body, StringComparison.Ordinal);
        Assert.Contains("behind this clock", body, StringComparison.Ordinal);
        Assert.Contains("this machine's clock is ahead", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_DeliveryFromTheFuture_401BodyStatesTheLeadAndDirection()
    {
        var secret = WebhookSecret.Generate();
        await using var serve = ServeProcess.InNewFolder("skew-future", secret);
        await serve.StartAsync(TestContext.Current.CancellationToken);

        var (status, body, _) = await PostAsync(serve, secret, "msg_skew_new", ageSeconds: -400);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("\"timestamp_too_new\"", body, StringComparison.Ordinal);
        Assert.Matches("dated (399|400) seconds \\(6\\.\\d minutes\\) in the future, (99|100) seconds past the 300-second tolerance", body);
        Assert.Contains("ahead of this clock", body, StringComparison.Ordinal);
        Assert.Contains("this machine's clock is behind", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Serve_OtherMethodOnTheWebhookPath_Answers405AllowPost(string method)
    {
        var secret = WebhookSecret.Generate();
        await using var serve = ServeProcess.InNewFolder("methods", secret);
        await serve.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), serve.WebhookUrl)
        {
            Content = method == "GET" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Equal(0, InboxDatabase.Count(serve.Database));
    }

    private static async Task<(HttpStatusCode Status, string Body, TimeSpan Sent)> PostAsync(ServeProcess serve, string secret, string id, long ageSeconds = 0)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var body = Signed.UserCreatedBody();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ageSeconds;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, serve.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.Add("svix-id", id);
        request.Headers.Add("svix-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("svix-signature", Signed.Sign(body, timestamp, secret, id));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), started.Elapsed);
    }

    [GeneratedRegex(@"The delivery is (\d+) seconds(?: \([^)]*\))? old")]
    private static partial Regex AgeInBody();
}
