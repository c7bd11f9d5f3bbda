using System.Text;
using ClerkSync.Inbox;
using ClerkSync.Service.Tests.Support;
using ClerkSync.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ClerkSync.Service.Tests.Inbox;

public sealed class SqliteInboxStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
    private SqliteInboxStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteInboxStore(Path.Combine(TempDirectory.Create(), "inbox.db"), _time);
        await _store.InitializeAsync();
        await _store.InitializeAsync(); // idempotent
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task ClaimAsync_SameEntity_OneAtATimeInEventTimeOrder()
    {
        await AddAsync("msg_b", "user:1", eventTimestamp: 2000);
        await AddAsync("msg_a", "user:1", eventTimestamp: 1000);
        await AddAsync("msg_c", "user:2", eventTimestamp: 3000);
        await AddAsync("msg_n", null, eventTimestamp: 500);

        var first = await _store.ClaimAsync("w1", 10, Lease);
        Assert.Equal(["msg_a", "msg_c", "msg_n"], first.Select(m => m.WebhookId).Order());
        Assert.All(first, m => Assert.Equal(1, m.Attempts));
        Assert.Empty(await _store.ClaimAsync("w2", 10, Lease)); // msg_b waits for msg_a's lease

        Assert.True(await _store.CompleteAsync(first.Single(m => m.WebhookId == "msg_a"), "w1", null));
        var second = Assert.Single(await _store.ClaimAsync("w2", 10, Lease));
        Assert.Equal("msg_b", second.WebhookId);
    }

    [Fact]
    public async Task ClaimAsync_ExpiredLease_IsReclaimed_AndOldOwnerCannotComplete()
    {
        await AddAsync("msg_lease", "user:1");
        var claimed = Assert.Single(await _store.ClaimAsync("crashed", 10, Lease));
        Assert.Empty(await _store.ClaimAsync("w2", 10, Lease));

        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var reclaimed = Assert.Single(await _store.ClaimAsync("w2", 10, Lease));
        Assert.Equal(2, reclaimed.Attempts);
        Assert.False(await _store.CompleteAsync(claimed, "crashed", null));
        Assert.True(await _store.CompleteAsync(reclaimed, "w2", null));
        Assert.Equal(InboxStatus.Done, (await _store.GetAsync("msg_lease"))!.Status);
    }

    [Fact]
    public async Task ReleaseAsync_PutsRowsBackWithoutCountingTheAttempt()
    {
        await AddAsync("msg_release", "user:1");
        var claimed = await _store.ClaimAsync("w1", 10, Lease);
        await _store.ReleaseAsync(claimed, "w1");
        var row = (await _store.GetAsync("msg_release"))!;
        Assert.Equal(InboxStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(1, Assert.Single(await _store.ClaimAsync("w1", 10, Lease)).Attempts);
    }

    [Fact]
    public async Task AddAsync_DuplicateAndRequeue()
    {
        Assert.Equal(InboxAddResult.Stored, await AddAsync("msg_1", "user:1"));
        Assert.Equal(InboxAddResult.Duplicate, await AddAsync("msg_1", "user:1"));
        var claimed = Assert.Single(await _store.ClaimAsync("w1", 10, Lease));
        Assert.Equal(InboxAddResult.Duplicate, await AddAsync("msg_1", "user:1")); // processing
        Assert.True(await _store.FailAsync(claimed, "w1", "boom", _time.GetUtcNow().AddMinutes(5)));
        Assert.Equal(InboxAddResult.Requeued, await AddAsync("msg_1", "user:1")); // failed: a resend retries now
        var row = (await _store.GetAsync("msg_1"))!;
        Assert.Equal(InboxStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(["failed", "requeued"], row.History.Select(h => h.Outcome));
    }

    [Fact]
    public async Task CompleteAsync_WhenInTransactionThrows_RowStaysClaimed_AndOtherWritesInTheBatchCommit()
    {
        await AddAsync("msg_mirror", "user:1");
        var claimed = Assert.Single(await _store.ClaimAsync("w1", 10, Lease));
        var failing = _store.CompleteAsync(claimed, "w1", (_, _) => throw new InvalidOperationException("mirror"));
        var other = AddAsync("msg_other", "user:2").AsTask();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal(InboxAddResult.Stored, await other);
        Assert.Equal(InboxStatus.Processing, (await _store.GetAsync("msg_mirror"))!.Status);
    }

    [Fact]
    public async Task ReplayAsync_FiltersByTypeAndSince_KeepsHistory()
    {
        await AddAsync("msg_old", "user:1", type: "user.created");
        _time.Advance(TimeSpan.FromHours(1));
        var since = _time.GetUtcNow();
        await AddAsync("msg_new", "user:2", type: "user.created");
        await AddAsync("msg_org", "organization:1", type: "organization.created");
        foreach (var m in await _store.ClaimAsync("w1", 10, Lease))
        {
            await _store.FailAsync(m, "w1", "boom", null);
        }

        Assert.Equal(1, await _store.ReplayAsync(new ReplayFilter { Since = since, EventType = "user.created" }));
        Assert.Equal(InboxStatus.Pending, (await _store.GetAsync("msg_new"))!.Status);
        Assert.Equal(InboxStatus.Dead, (await _store.GetAsync("msg_old"))!.Status);
        Assert.Equal(2, await _store.ReplayAsync(new ReplayFilter()));
        Assert.Equal(["dead", "replayed"], (await _store.GetAsync("msg_org"))!.History.Select(h => h.Outcome));
        var stats = await _store.GetStatsAsync();
        Assert.Equal(3, stats.CountsByStatus[InboxStatus.Pending]);
    }

    [Fact]
    public async Task AddAsync_ManyConcurrent_AllCommitted()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => AddAsync($"msg_{i}", $"user:{i}").AsTask()));
        Assert.All(results, r => Assert.Equal(InboxAddResult.Stored, r));
        Assert.Equal(2000, (await _store.GetStatsAsync()).CountsByStatus[InboxStatus.Pending]);
    }

    private ValueTask<InboxAddResult> AddAsync(string id, string? entityKey, long eventTimestamp = 1000, string type = "user.updated") =>
        _store.AddAsync(new InboxDelivery
        {
            WebhookId = id,
            EventType = type,
            EventTimestamp = eventTimestamp,
            EntityKey = entityKey,
            ReceivedAt = _time.GetUtcNow(),
            Body = Encoding.UTF8.GetBytes(Payloads.UserCreated()),
            SignatureTimestamp = "1",
            Signature = "v1,x",
        });
}
