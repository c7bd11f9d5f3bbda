using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ClerkSync.Webhooks;

// ClerkSync.LoadGen: signs N distinct deliveries up front, then fires them at --url with --concurrency requests in
// flight over keep-alive connections, and prints requests/s and p50/p90/p99 latency. Works against any Standard
// Webhooks receiver (clerk-sync serve, a Node/Express server, ...).
//
// By default each of the --concurrency connections has its own thread that writes pre-built HTTP/1.1 requests to a raw
// keep-alive socket and reads one response before the next request (as wrk does), so the generator costs little of the
// 2 cores it shares with the server. --httpclient sends them through HttpClient instead (about twice the CPU per request).
//
//   dotnet run -c Release -- --url http://127.0.0.1:5080/api/webhooks/clerk --secret whsec_... --count 50000 --concurrency 16
var options = ParseArgs(args);
if (options is null)
{
    Console.Error.WriteLine("usage: ClerkSync.LoadGen --url <webhook url> --secret <whsec_...> [--count 50000] [--concurrency 16] [--warmup 2000] [--payload <file.json>] [--json] [--httpclient]");
    return 2;
}

var template = options.Payload is { } file ? File.ReadAllText(file) : DefaultPayload;
var inv = CultureInfo.InvariantCulture;
var runId = Guid.NewGuid().ToString("N")[..8];
var uri = new Uri(options.Url);

Console.Error.WriteLine($"Signing {options.Warmup + options.Count} deliveries ...");
var warmup = Sign(options.Warmup, "warm");
var deliveries = Sign(options.Count, "run");

using var client = options.HttpClient ? CreateHttpClient(options.Concurrency) : null;


Console.Error.WriteLine($"Warm-up: {warmup.Length} requests ...");
await RunAsync(warmup, new long[warmup.Length]);

Console.Error.WriteLine($"Run: {deliveries.Length} requests, concurrency {options.Concurrency} ...");
var latencies = new long[deliveries.Length];
var started = Stopwatch.GetTimestamp();
var statuses = await RunAsync(deliveries, latencies);
var elapsed = Stopwatch.GetElapsedTime(started);

Array.Sort(latencies);
double Ms(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
var rps = deliveries.Length / elapsed.TotalSeconds;
var ok = statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value);
if (options.Json)
{
    Console.WriteLine(string.Create(inv, $$"""{"count":{{deliveries.Length}},"concurrency":{{options.Concurrency}},"seconds":{{elapsed.TotalSeconds:0.000}},"rps":{{rps:0}},"p50_ms":{{Ms(0.50):0.000}},"p90_ms":{{Ms(0.90):0.000}},"p99_ms":{{Ms(0.99):0.000}},"max_ms":{{Ms(1.0):0.000}},"ok":{{ok}},"failed":{{deliveries.Length - ok}}}"""));
}
else
{
    Console.WriteLine(string.Create(inv, $"concurrency {options.Concurrency,3}: {deliveries.Length} requests in {elapsed.TotalSeconds:0.00} s = {rps:0} req/s; latency p50 {Ms(0.50):0.00} ms, p90 {Ms(0.90):0.00} ms, p99 {Ms(0.99):0.00} ms, max {Ms(1.0):0.00} ms; 2xx {ok}, other {deliveries.Length - ok}"));
}

foreach (var (status, count) in statuses.Where(s => s.Key is < 200 or >= 300))
{
    Console.Error.WriteLine($"  status {status}: {count}");
}

return ok == deliveries.Length ? 0 : 1;

Delivery[] Sign(int count, string phase)
{
    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    var result = new Delivery[count];
    for (var i = 0; i < count; i++)
    {
        // Zero-padded counters sort in send order, as Svix message ids and Clerk user ids (KSUIDs, time first) do.
        var id = string.Create(inv, $"msg_load_{runId}_{phase}_{i:D8}");
        var body = Encoding.UTF8.GetBytes(template
            .Replace("{{USER_ID}}", string.Create(inv, $"user_load_{runId}_{phase}_{i:D8}"), StringComparison.Ordinal)
            .Replace("{{TIMESTAMP}}", (now * 1000).ToString(inv), StringComparison.Ordinal));
        var ts = now.ToString(inv);
        var signature = WebhookSigner.Sign(options.Secret, id, now, body);
        result[i] = new Delivery(id, ts, signature, body, RawHttpConnection.BuildPost(uri, id, ts, signature, body));
    }

    return result;
}

async Task<Dictionary<int, int>> RunAsync(Delivery[] batch, long[] times)
{
    var next = -1;
    var statusCounts = new Dictionary<int, int>();
    var gate = new object();
    void Count(Dictionary<int, int> local)
    {
        lock (gate)
        {
            foreach (var (k, v) in local)
            {
                statusCounts[k] = statusCounts.GetValueOrDefault(k) + v;
            }
        }
    }

    // Raw sockets: one thread per connection, blocking I/O. HttpClient: one async loop per connection.
    var workers = Enumerable.Range(0, options.Concurrency).Select(_ => client is null
        ? Task.Factory.StartNew(
            () =>
            {
                var local = new Dictionary<int, int>();
                using var connection = new RawHttpConnection(uri);
                int i;
                while ((i = Interlocked.Increment(ref next)) < batch.Length)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var status = connection.Post(batch[i].Request);
                    times[i] = Stopwatch.GetTimestamp() - t0;
                    local[status] = local.GetValueOrDefault(status) + 1;
                }

                Count(local);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)
        : Task.Run(async () =>
            {
                var local = new Dictionary<int, int>();
                int i;
                while ((i = Interlocked.Increment(ref next)) < batch.Length)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var status = await SendWithHttpClientAsync(client, uri, batch[i]);
                    times[i] = Stopwatch.GetTimestamp() - t0;
                    local[status] = local.GetValueOrDefault(status) + 1;
                }

                Count(local);
            })).ToArray();
    await Task.WhenAll(workers);
    return statusCounts;
}

static HttpClient CreateHttpClient(int concurrency) => new(new SocketsHttpHandler
{
    MaxConnectionsPerServer = concurrency,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    UseCookies = false,
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
})
{ Timeout = TimeSpan.FromSeconds(30) };

static async Task<int> SendWithHttpClientAsync(HttpClient client, Uri uri, Delivery d)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Version = HttpVersion.Version11 };
    request.Headers.TryAddWithoutValidation("svix-id", d.Id);
    request.Headers.TryAddWithoutValidation("svix-timestamp", d.Timestamp);
    request.Headers.TryAddWithoutValidation("svix-signature", d.Signature);
    var content = new ByteArrayContent(d.Body);
    content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
    request.Content = content;
    try
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return (int)response.StatusCode;
    }
    catch (HttpRequestException)
    {
        return 0;
    }
}

static Options? ParseArgs(string[] args)
{
    string? url = null, secret = null, payload = null;
    int count = 50_000, concurrency = 16, warmup = 2_000;
    bool json = false, httpClient = false;
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--url": url = Next(); break;
            case "--secret": secret = Next(); break;
            case "--count": count = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--concurrency": concurrency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--warmup": warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--payload": payload = Next(); break;
            case "--json": json = true; break;
            case "--httpclient": httpClient = true; break;
            default: return null;
        }
    }

    secret ??= Environment.GetEnvironmentVariable("CLERK_WEBHOOK_SIGNING_SECRET");
    return url is null || secret is null || count < 1 || concurrency < 1 ? null : new Options(url, secret, count, concurrency, warmup, payload, json, httpClient);
}

internal sealed record Options(string Url, string Secret, int Count, int Concurrency, int Warmup, string? Payload, bool Json, bool HttpClient);

// Request: the whole HTTP/1.1 request, pre-built, for the raw-socket client.
internal sealed record Delivery(string Id, string Timestamp, string Signature, byte[] Body, byte[] Request);

internal static partial class Program
{
    // A user.created of typical size (about 1.3 KB); {{USER_ID}} and {{TIMESTAMP}} make each delivery distinct.
    private const string DefaultPayload = """
        {"data":{"backup_code_enabled":false,"banned":false,"create_organization_enabled":true,"created_at":1716883200000,"delete_self_enabled":true,"email_addresses":[{"created_at":1716883200000,"email_address":"load.test@example.org","id":"idn_2g7np7Hrk0SN6kj5EDMLDaKNL0S","linked_to":[],"object":"email_address","reserved":false,"updated_at":1716883200000,"verification":{"attempts":null,"expire_at":null,"status":"verified","strategy":"admin"}}],"external_accounts":[],"external_id":null,"first_name":"Load","has_image":false,"id":"{{USER_ID}}","image_url":"https://img.clerk.com/example","last_active_at":null,"last_name":"Test","last_sign_in_at":null,"locked":false,"lockout_expires_in_seconds":null,"mfa_disabled_at":null,"mfa_enabled_at":null,"object":"user","passkeys":[],"password_enabled":false,"phone_numbers":[],"primary_email_address_id":"idn_2g7np7Hrk0SN6kj5EDMLDaKNL0S","primary_phone_number_id":null,"primary_web3_wallet_id":null,"private_metadata":{},"profile_image_url":"https://www.gravatar.com/avatar?d=mp","public_metadata":{},"saml_accounts":[],"totp_enabled":false,"two_factor_enabled":false,"unsafe_metadata":{},"updated_at":1716883200000,"username":null,"verification_attempts_remaining":100,"web3_wallets":[]},"event_attributes":{"http_request":{"client_ip":"127.0.0.1","user_agent":"ClerkSync.LoadGen"}},"instance_id":"ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S","object":"event","timestamp":{{TIMESTAMP}},"type":"user.created"}
        """;
}
