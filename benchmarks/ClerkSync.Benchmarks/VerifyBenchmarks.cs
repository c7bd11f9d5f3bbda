using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using ClerkSync.Webhooks;

namespace ClerkSync.Benchmarks;

/// <summary>
/// <see cref="WebhookVerifier.Verify(ReadOnlySpan{byte}, Func{string, string?})"/> against the floor: one raw
/// HMAC-SHA256 over the same signed bytes (<c>{id}.{timestamp}.{body}</c>, contiguous). Issue #2 part 5: verify at
/// least 90% of the raw HMAC's throughput, 0 bytes allocated per verification.
/// </summary>
[MemoryDiagnoser]
public class VerifyBenchmarks
{
    private const string Id = "msg_2mVQn2i1xY7f0sWc8nUbq5pJ3kT";

    private byte[] _key = [];
    private byte[] _signedContent = [];
    private byte[] _body = [];
    private byte[] _mac = new byte[32];
    private Func<string, string?> _headers = _ => null;
    private WebhookVerifier _verifier = null!;

    /// <summary>Gets or sets the body size in bytes: about 1 KB, 4 KB (a typical Clerk user event) and 64 KB.</summary>
    [Params(1024, 4096, 65536)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var secret = WebhookSecret.Generate();
        _key = Convert.FromBase64String(secret[WebhookSecret.Prefix.Length..]);
        _body = new byte[BodySize];
        Random.Shared.NextBytes(_body);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var timestamp = now.ToString(CultureInfo.InvariantCulture);
        _signedContent = [.. Encoding.UTF8.GetBytes($"{Id}.{timestamp}."), .. _body];
        var headers = new Dictionary<string, string>
        {
            ["svix-id"] = Id,
            ["svix-timestamp"] = timestamp,
            ["svix-signature"] = WebhookSigner.Sign(secret, Id, now, _body),
        };
        _headers = headers.GetValueOrDefault;

        // A wide tolerance: a long run must not drift out of the window.
        _verifier = new WebhookVerifier([secret], TimeSpan.FromDays(1));
        if (!_verifier.Verify(_body, _headers).IsValid)
        {
            throw new InvalidOperationException("The benchmark delivery does not verify.");
        }
    }

    [Benchmark(Baseline = true, Description = "HMACSHA256.HashData (raw)")]
    public int RawHmac() => HMACSHA256.HashData(_key, _signedContent, _mac);

    [Benchmark(Description = "WebhookVerifier.Verify")]
    public bool Verify() => _verifier.Verify(_body, _headers).IsValid;
}
