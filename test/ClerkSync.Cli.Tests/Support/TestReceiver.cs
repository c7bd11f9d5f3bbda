using System.Collections.Concurrent;
using System.Net;
using ClerkSync.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Cli.Tests.Support;

/// <summary>One request the receiver got.</summary>
internal sealed record ReceivedAttempt(string? MessageId, long? Timestamp, bool SignatureValid, string VerificationCode, byte[] Body, int AttemptForMessage, TimeSpan At);

/// <summary>How the receiver answers one attempt.</summary>
internal sealed record Reply(int Status, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static readonly Reply Ok = new(200);
}

/// <summary>
/// A tiny Kestrel webhook receiver on 127.0.0.1 and a free port: verifies every request with the real verifier, records
/// it, and answers as the test's behaviour says (for example: fail the first two attempts of each message).
/// </summary>
internal sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attemptsPerMessage = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedAttempt> _attempts = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private TestReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedAttempt> Attempts => [.. _attempts];

    public static async Task<TestReceiver> StartAsync(string secret, Func<ReceivedAttempt, Reply>? behaviour = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        var verifier = new WebhookVerifier([secret]);
        behaviour ??= _ => Reply.Ok;
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var body = buffer.ToArray();
            var headers = http.Request.Headers;
            var result = verifier.Verify(body, name => headers.TryGetValue(name, out var v) ? v.ToString() : null);
            var id = headers["svix-id"].ToString();
            var attempt = new ReceivedAttempt(
                id,
                long.TryParse(headers["svix-timestamp"].ToString(), out var ts) ? ts : null,
                result.IsValid,
                result.Code,
                body,
                receiver._attemptsPerMessage.AddOrUpdate(id, 1, (_, n) => n + 1),
                receiver._clock.Elapsed);
            receiver._attempts.Enqueue(attempt);
            var reply = result.IsValid ? behaviour(attempt) : new Reply(400);
            if (reply.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(reply.Delay, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                http.Response.Headers[name] = value;
            }

            http.Response.StatusCode = reply.Status;
            if (reply.Status >= 400)
            {
                await http.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = result.IsValid ? "test_failure" : result.Code, ["message"] = "test" });
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
