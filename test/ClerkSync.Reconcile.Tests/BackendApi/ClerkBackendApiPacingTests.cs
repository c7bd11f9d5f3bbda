using ClerkSync.BackendApi;
using ClerkSync.TestKit.ClerkApi;

namespace ClerkSync.Reconcile.Tests.BackendApi;

/// <summary>
/// Pacing and Retry-After over real HTTP, measured from the stand-in's request log (arrival times) and from what the
/// client put on the wire. The bounds are generous for a loaded 2-core machine, where a request can spend hundreds of
/// milliseconds between its permit and the wire; a missing pace or gate breaks them by seconds.
/// </summary>
public sealed class ClerkBackendApiPacingTests
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public async Task ListAsync_ConcurrentListings_ShareOnePace()
    {
        await using var h = await BackendApiHarness.StartAsync(o =>
        {
            o.RequestsPerWindow = 10;
            o.Window = TimeSpan.FromSeconds(1);
            o.PageSize = 1;
        });
        ClerkApiObjects.AddUsers(h.State, 15);
        for (var i = 0; i < 16; i++)
        {
            h.State.Put(ClerkApiResource.Roles, ClerkApiObjects.Role($"role_{i:D2}", $"org:r{i}", T0 + i));
        }

        await h.WarmUpAsync();

        // 16 requests each (users end with an empty page), two callers of one key at once.
        await Task.WhenAll(h.ListAllAsync(ClerkApiResource.Users), h.ListAllAsync(ClerkApiResource.Roles));

        var requests = h.StandIn.Log.Requests;
        Assert.Equal(32, requests.Count);
        var peak = h.StandIn.Log.MaxInAnyWindow(TimeSpan.FromMilliseconds(750));
        Assert.True(peak <= 10, $"{peak} requests arrived within 0.75 s; the pace allows 10 per 1 s. Arrivals (ms): {Offsets(requests.Select(r => r.Time))}");

        // 32 requests (and the warm-up's permit) at 10 per second: the last cannot start before 3 windows have passed.
        var span = requests[^1].Time - requests[0].Time;
        Assert.True(span >= TimeSpan.FromSeconds(2.5), $"32 requests took {span.TotalSeconds:0.00} s; the pace's floor is about 3 s");
    }

    [Fact]
    public async Task ListAsync_StandInRateLimit_EveryRetryAfterHonoured()
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.PageSize = 1);
        h.StandIn.RateLimit = (4, TimeSpan.FromSeconds(1));
        ClerkApiObjects.AddUsers(h.State, 9);

        var ids = BackendApiHarness.IdsOf(await h.ListAllAsync(ClerkApiResource.Users));

        Assert.Equal(9, ids.Count);
        var requests = h.StandIn.Log.Requests;
        var limited = requests.Select((r, i) => (r, i)).Where(x => x.r.Status == 429).ToList();
        Assert.NotEmpty(limited);
        foreach (var (r, i) in limited)
        {
            // One caller, nothing else in flight: the next request is the retry, sent after Retry-After from when the
            // client read the 429 (itself after the stand-in answered it).
            var next = requests[i + 1];
            Assert.True(next.Time - r.Time >= r.RetryAfter!.Value, $"a request {(next.Time - r.Time).TotalMilliseconds:0} ms after a 429 with Retry-After {r.RetryAfter.Value.TotalSeconds} s");
            Assert.Equal(r.Query, next.Query);
        }

        Assert.Equal(10, requests.Count(r => r.Status == 200));
    }

    [Fact]
    public async Task ListAsync_429_HoldsEveryCallerOfTheKeyUntilRetryAfter()
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.PageSize = 1);
        ClerkApiObjects.AddUsers(h.State, 10);
        for (var i = 0; i < 10; i++)
        {
            h.State.Put(ClerkApiResource.Organizations, ClerkApiObjects.Organization($"org_{i}", T0 + i));
        }

        await h.WarmUpAsync();
        var retryAfter = TimeSpan.FromSeconds(2);
        h.StandIn.Faults.PassNext(4);
        h.StandIn.Faults.RateLimitNext(1, retryAfter);
        await Task.WhenAll(h.ListAllAsync(ClerkApiResource.Users), h.ListAllAsync(ClerkApiResource.Organizations));

        Assert.Equal(11 + 10, h.StandIn.Log.Requests.Count(r => r.Status == 200));
        var sends = h.Sends.All;
        var limited = Assert.Single(sends, s => s.Status == 429);

        // Once the client has read the 429, no request of either caller leaves before Retry-After has passed. 200 ms
        // at the start cover a request that passed the gate just before it closed and reached the wire just after.
        var early = sends.Where(s => s.SentAt > limited.AnsweredAt + TimeSpan.FromMilliseconds(200) && s.SentAt < limited.AnsweredAt + retryAfter).ToList();
        Assert.True(early.Count == 0, $"{early.Count} requests left within Retry-After of the 429: {string.Join(", ", early.Select(s => $"{s.PathAndQuery} at +{(s.SentAt - limited.AnsweredAt).TotalMilliseconds:0} ms"))}");
        var retry = sends.First(s => s.SentAt > limited.SentAt && s.PathAndQuery == limited.PathAndQuery);
        Assert.True(retry.SentAt >= limited.AnsweredAt + retryAfter, $"the retry left {(retry.SentAt - limited.AnsweredAt).TotalMilliseconds:0} ms after the 429");
        Assert.Contains(sends, s => s.SentAt > limited.AnsweredAt && !s.PathAndQuery.Equals(limited.PathAndQuery, StringComparison.Ordinal));
    }

    private static string Offsets(IEnumerable<DateTimeOffset> times)
    {
        var list = times.ToList();
        return string.Join(" ", list.Select(t => (t - list[0]).TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
