using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ClerkSync.Service.Tests.Support;
using ClerkSync.Webhooks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Service.Tests.Endpoint;

public sealed class BadInputTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(o => o.MaxBodyBytes = 64 * 1024);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, int, string> Cases() => new()
    {
        { "missing svix-id", 400, "missing_headers" },
        { "missing svix-signature", 400, "missing_headers" },
        { "missing svix-timestamp", 400, "missing_headers" },
        { "bad signature", 401, "no_matching_signature" },
        { "other secret", 401, "no_matching_signature" },
        { "malformed signature header", 400, "malformed_signature_header" },
        { "timestamp 6 minutes old", 401, "timestamp_too_old" },
        { "timestamp 6 minutes ahead", 401, "timestamp_too_new" },
        { "non-numeric timestamp", 400, "invalid_timestamp" },
        { "non-JSON body, valid signature", 400, "invalid_json" },
        { "JSON array, valid signature", 400, "invalid_json" },
        { "body over the limit", 413, "body_too_large" },
        { "chunked body over the limit", 413, "body_too_large" },
        { "text/plain", 415, "unsupported_media_type" },
        { "no content type", 415, "unsupported_media_type" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_GetsDocumentedStatusAndCode_StoresNothing(string scenario, int status, string code)
    {
        using var request = Build(scenario);
        using var response = await _host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{scenario}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        Assert.Equal(code, json.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("message").GetString()));
        Assert.Equal(0, await _host.CountRowsAsync());
    }

    [Fact]
    public async Task TenThousandRandomMalformedRequests_Get4xx_StoreNothing_ServerStaysUp()
    {
        var random = new Random(3);
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = -1;
        const int Total = 10_000;
        var seeds = Enumerable.Range(0, Total).Select(_ => random.Next()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Total)
            {
                var status = i % 50 == 0 ? await SendRawGarbageAsync(new Random(seeds[i])) : await SendRandomAsync(new Random(seeds[i]));
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        }));

        Assert.All(statuses.Keys, s => Assert.True(s is >= 400 and < 500 or -1, $"status {s}: {statuses[s]} times"));
        Assert.Equal(0, await _host.CountRowsAsync());
        var health = await _host.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var ok = await _host.SendAsync("msg_after_fuzz", Payloads.UserCreated());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task WebhookRoute_InAppWithFallbackAuthorizationPolicy_IsAnonymous()
    {
        await using var host = await ServiceHost.StartAsync(
            services: s =>
            {
                s.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, RejectingHandler>("Test", null);
                s.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            },
            map: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapGet("/private", () => "secret");
                app.MapClerkWebhooks();
            });
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/private")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync("msg_auth", Payloads.UserCreated())).StatusCode);
    }

    [Fact]
    public void MapClerkWebhooks_WithoutAddClerkSync_ThrowsNamingAddClerkSync()
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        var ex = Assert.Throws<InvalidOperationException>(() => app.MapClerkWebhooks());
        Assert.Contains("AddClerkSync", ex.Message);
    }

    private HttpRequestMessage Build(string scenario)
    {
        var body = Encoding.UTF8.GetBytes(Payloads.UserCreated());
        var now = _host.Time.GetUtcNow().ToUnixTimeSeconds();
        var ts = now;
        var contentType = "application/json";
        var id = "msg_bad";
        HttpContent? content = null;
        switch (scenario)
        {
            case "timestamp 6 minutes old": ts = now - 360; break;
            case "timestamp 6 minutes ahead": ts = now + 360; break;
            case "non-JSON body, valid signature": body = "not json at all"u8.ToArray(); break;
            case "JSON array, valid signature": body = "[1,2,3]"u8.ToArray(); break;
            case "body over the limit": body = new byte[(64 * 1024) + 1]; break;
            case "chunked body over the limit":
                body = new byte[200 * 1024];
                content = new StreamContent(new NonSeekableStream(body));
                break;
            case "text/plain": contentType = "text/plain"; break;
            case "no content type": contentType = null!; break;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/clerk") { Content = content ?? new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var signature = scenario switch
        {
            "bad signature" => "v1," + Convert.ToBase64String(new byte[32]),
            "other secret" => WebhookSigner.Sign("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", id, ts, body),
            "malformed signature header" => "garbage-without-comma",
            _ => WebhookSigner.Sign(ServiceHost.Secret, id, ts, body),
        };
        if (scenario != "missing svix-id")
        {
            request.Headers.Add("svix-id", id);
        }

        if (scenario != "missing svix-timestamp")
        {
            request.Headers.Add("svix-timestamp", scenario == "non-numeric timestamp" ? "12ab" : ts.ToString(CultureInfo.InvariantCulture));
        }

        if (scenario != "missing svix-signature")
        {
            request.Headers.Add("svix-signature", signature);
        }

        return request;
    }

    private async Task<int> SendRandomAsync(Random random)
    {
        var now = _host.Time.GetUtcNow().ToUnixTimeSeconds();
        var kind = random.Next(8);
        byte[] body = kind switch
        {
            0 => RandomBytes(random, random.Next(0, 2048)),
            1 => Encoding.UTF8.GetBytes(Payloads.UserCreated()),
            2 => Encoding.UTF8.GetBytes(Payloads.UserCreated()[..random.Next(1, 40)]),
            3 => "{\"type\":1,\"timestamp\":\"x\"}"u8.ToArray(),
            _ => Encoding.UTF8.GetBytes(Mutate(random, Payloads.UserCreated())),
        };
        var id = random.Next(4) == 0 ? new string('x', random.Next(200, 400)) : "msg_fuzz_" + random.Next();
        var ts = random.Next(6) switch
        {
            0 => (now - random.Next(301, 100000)).ToString(CultureInfo.InvariantCulture),
            1 => (now + random.Next(301, 100000)).ToString(CultureInfo.InvariantCulture),
            2 => "-" + now,
            3 => new string('9', random.Next(1, 30)),
            _ => now.ToString(CultureInfo.InvariantCulture),
        };
        string signature;
        if (random.Next(2) == 0 && long.TryParse(ts, out var t) && t >= 0 && t < 10_000_000_000)
        {
            // A genuine signature: with the right secret over a body that can never be an event (invalid JSON), or
            // with a wrong secret over anything.
            var realSecret = random.Next(3) == 0;
            if (realSecret)
            {
                body = [(byte)'#', .. body];
            }

            signature = WebhookSigner.Sign(realSecret ? ServiceHost.Secret : WebhookSecret.Generate(), id, t, body);
        }
        else
        {
            signature = random.Next(3) switch
            {
                0 => "v1," + Convert.ToBase64String(RandomBytes(random, 32)),
                1 => string.Join(' ', Enumerable.Range(0, random.Next(0, 40)).Select(_ => "v" + random.Next(3) + "," + random.Next())),
                _ => Encoding.Latin1.GetString(RandomBytes(random, random.Next(0, 100)).Select(b => (byte)(b % 94 + 32)).ToArray()),
            };
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/clerk") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", random.Next(10) == 0 ? "application/xml" : "application/json; charset=utf-8");
        if (random.Next(10) != 0)
        {
            request.Headers.TryAddWithoutValidation(random.Next(2) == 0 ? "svix-id" : "webhook-id", id);
        }

        if (random.Next(10) != 0)
        {
            request.Headers.TryAddWithoutValidation("svix-timestamp", ts);
        }

        if (random.Next(10) != 0)
        {
            request.Headers.TryAddWithoutValidation("svix-signature", signature);
        }

        using var response = await _host.Client.SendAsync(request);
        return (int)response.StatusCode;
    }

    private async Task<int> SendRawGarbageAsync(Random random)
    {
        // HTTP-level garbage straight on a socket: bad framing, broken chunked encoding, lies in Content-Length.
        string[] requests =
        [
            "POST /api/webhooks/clerk HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            "POST /api/webhooks/clerk HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n",
            "POST /api/webhooks/clerk HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{}",
            "POST /api/webhooks/clerk HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nsvix-id: \u0001\r\n\r\n",
            "GARBAGE\r\n\r\n",
        ];
        var text = requests[random.Next(requests.Length)];
        using var socket = new TcpClient();
        await socket.ConnectAsync(_host.BaseUrl.Host, _host.BaseUrl.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text));
        socket.Client.Shutdown(SocketShutdown.Send);
        var buffer = new byte[4096];
        var read = 0;
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer.AsMemory(read))) > 0 && read < buffer.Length - 1)
            {
                read += n;
            }
        }
        catch (IOException)
        {
        }

        var response = Encoding.Latin1.GetString(buffer, 0, read);
        return response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(response.AsSpan(9, 3), CultureInfo.InvariantCulture) : -1;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Mutate(Random random, string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < random.Next(1, 6); i++)
        {
            chars[random.Next(chars.Length)] = "{}[]\",:\\x0 "[random.Next(11)];
        }

        return new string(chars);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    private sealed class RejectingHandler(Microsoft.Extensions.Options.IOptionsMonitor<AuthenticationSchemeOptions> options, Microsoft.Extensions.Logging.ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
