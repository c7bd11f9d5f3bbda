using System.Data.Common;
using System.Text;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using Microsoft.Extensions.Time.Testing;

namespace ClerkSync.Storage.Tests.Inbox;

/// <summary>
/// The storage compliance suite (issue #4, STYLE 18): the IInboxStore contract, run unchanged against every provider.
/// Each test gets a fresh, initialized database and a fake clock.
/// </summary>
public abstract class InboxStoreCompliance : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000));

    protected IInboxStore Store { get; private set; } = null!;

    internal abstract MirrorDialect Dialect { get; }

    /// <summary>Creates a store over a fresh database, initialized.</summary>
    protected abstract Task<IInboxStore> CreateStoreAsync(TimeProvider time);

    /// <summary>Runs a scalar query against the store's database.</summary>
    protected abstract Task<long> CountAsync(string sql);

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync(Time);

    public async ValueTask DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task InitializeAsync_Twice_IsIdempotent()
    {
        await Store.InitializeAsync();
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM {MirrorCatalog.Users}"));
    }

    [Fact]
    public async Task AddAsync_NewThenSameId_StoredThenDuplicate()
    {
        var delivery = Delivery("msg_1", "user:user_1", 1000);
        Assert.Equal(InboxAddResult.Stored, await Store.AddAsync(delivery));
        Assert.Equal(InboxAddResult.Duplicate, await Store.AddAsync(delivery));

        var row = await Store.GetAsync("msg_1");
        Assert.NotNull(row);
        Assert.Equal(InboxStatus.Pending, row.Status);
        Assert.Equal("user.created", row.EventType);
        Assert.Equal(1000, row.EventTimestamp);
        Assert.Equal("user:user_1", row.EntityKey);
        Assert.Equal(delivery.Body.ToArray(), row.Body.ToArray());
        Assert.Equal(delivery.Signature, row.Signature);
        Assert.Equal(delivery.SignatureTimestamp, row.SignatureTimestamp);
        Assert.Equal(0, row.Attempts);
        Assert.Null(await Store.GetAsync("msg_missing"));
    }

    [Fact]
    public async Task AddAsync_DeadId_RequeuedWithAttemptsResetAndHistoryKept()
    {
        await Store.AddAsync(Delivery("msg_1", null, 1000));
        var claimed = Assert.Single(await Store.ClaimAsync("w1", 10, Lease));
        Assert.True(await Store.FailAsync(claimed, "w1", "System.Exception: boom", null));
        Assert.Equal(InboxStatus.Dead, (await Store.GetAsync("msg_1"))!.Status);

        Assert.Equal(InboxAddResult.Requeued, await Store.AddAsync(Delivery("msg_1", null, 1000)));
        var row = (await Store.GetAsync("msg_1"))!;
        Assert.Equal(InboxStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(["dead", "requeued"], row.History.Select(h => h.Outcome));
    }

    [Fact]
    public async Task AddAsync_SameIdDifferentBody_ConflictCountedAndFirstBodyKept()
    {
        var first = Delivery("msg_1", "user:user_1", 1000);
        Assert.Equal(InboxAddResult.Stored, await Store.AddAsync(first));
        Assert.True((await Store.GetAsync("msg_1")) is { Conflicts: 0, LastConflictAt: null, LastConflictType: null });
        Time.Advance(TimeSpan.FromSeconds(3));
        var other = Delivery("msg_1", "user:user_1", 2000, "user.deleted");
        Assert.Equal(InboxAddResult.Conflict, await Store.AddAsync(other));
        Assert.Equal(InboxAddResult.Conflict, await Store.AddAsync(other));

        var row = (await Store.GetAsync("msg_1"))!;
        Assert.Equal(first.Body.ToArray(), row.Body.ToArray());
        Assert.Equal("user.created", row.EventType);
        Assert.Equal(InboxStatus.Pending, row.Status);
        Assert.Equal(2, row.Conflicts);
        Assert.Equal(Time.GetUtcNow(), row.LastConflictAt);
        Assert.Equal("user.deleted", row.LastConflictType);

        // The first body again is a plain duplicate, and the conflict count stays.
        Assert.Equal(InboxAddResult.Duplicate, await Store.AddAsync(first));
        Assert.Equal(2, (await Store.GetAsync("msg_1"))!.Conflicts);
    }

    [Fact]
    public async Task AddAsync_DeadIdWithDifferentBody_ConflictNotRequeued()
    {
        await Store.AddAsync(Delivery("msg_1", null, 1000));
        var claimed = Assert.Single(await Store.ClaimAsync("w1", 10, Lease));
        Assert.True(await Store.FailAsync(claimed, "w1", "System.Exception: boom", null));

        // A dashboard resend (the same body) requeues a dead row; another body under its id does not.
        Assert.Equal(InboxAddResult.Conflict, await Store.AddAsync(Delivery("msg_1", null, 5000)));
        var row = (await Store.GetAsync("msg_1"))!;
        Assert.Equal(InboxStatus.Dead, row.Status);
        Assert.Equal(1, row.Conflicts);
        Assert.Equal(InboxAddResult.Requeued, await Store.AddAsync(Delivery("msg_1", null, 1000)));
    }

    [Fact]
    public async Task ClaimAsync_Leased_NotClaimedAgainUntilLeaseExpires()
    {
        await Store.AddAsync(Delivery("msg_1", null, 1000));
        var first = Assert.Single(await Store.ClaimAsync("w1", 10, Lease));
        Assert.Equal(InboxStatus.Processing, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.Equal("w1", first.LockedBy);
        Assert.Equal(Time.GetUtcNow() + Lease, first.LockedUntil);
        Assert.Empty(await Store.ClaimAsync("w2", 10, Lease));

        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = Assert.Single(await Store.ClaimAsync("w2", 10, Lease));
        Assert.Equal(2, second.Attempts);
        Assert.Equal("w2", second.LockedBy);

        // The first worker lost its lease: its completion writes nothing.
        Assert.False(await Store.CompleteAsync(first, "w1", null));
        Assert.True(await Store.CompleteAsync(second, "w2", null));
    }

    [Fact]
    public async Task ClaimAsync_SameEntity_EarliestEventFirstAndOneAtATime()
    {
        await Store.AddAsync(Delivery("msg_late", "user:user_1", 2000));
        await Store.AddAsync(Delivery("msg_early", "user:user_1", 1000));
        await Store.AddAsync(Delivery("msg_other", "user:user_2", 3000));
        await Store.AddAsync(Delivery("msg_nokey", null, 4000));

        var claimed = await Store.ClaimAsync("w1", 10, Lease);
        Assert.Equal(["msg_early", "msg_nokey", "msg_other"], claimed.Select(m => m.WebhookId).Order(StringComparer.Ordinal));
        Assert.Empty(await Store.ClaimAsync("w2", 10, Lease));

        Assert.True(await Store.CompleteAsync(claimed.Single(m => m.WebhookId == "msg_early"), "w1", null));
        var next = Assert.Single(await Store.ClaimAsync("w2", 10, Lease));
        Assert.Equal("msg_late", next.WebhookId);
    }

    [Fact]
    public async Task ClaimAsync_MaxCount_Honoured()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.AddAsync(Delivery($"msg_{i}", null, 1000 + i));
        }

        Assert.Equal(2, (await Store.ClaimAsync("w1", 2, Lease)).Count);
        Assert.Equal(3, (await Store.ClaimAsync("w2", 10, Lease)).Count);
    }

    [Fact]
    public async Task CompleteAsync_WithMirror_DoneAndMirrorWrittenTogether()
    {
        await Store.AddAsync(Delivery("msg_1", "user:user_1", 1000));
        var claimed = Assert.Single(await Store.ClaimAsync("w1", 10, Lease));
        var projection = new MirrorProjection(Dialect, Time);

        Assert.True(await Store.CompleteAsync(claimed, "w1", (tx, ct) => projection.ApplyAsync(claimed.Body, claimed.WebhookId, tx, ct)));

        var row = (await Store.GetAsync("msg_1"))!;
        Assert.Equal(InboxStatus.Done, row.Status);
        Assert.Equal(Time.GetUtcNow(), row.ProcessedAt);
        Assert.Null(row.LockedBy);
        Assert.Equal("done", row.History[^1].Outcome);
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM {MirrorCatalog.Users} WHERE id = 'user_1'"));
        Assert.Equal(InboxAddResult.Duplicate, await Store.AddAsync(Delivery("msg_1", "user:user_1", 1000)));
    }

    [Fact]
    public async Task CompleteAsync_CallbackThrows_RowNotDoneAndNoMirrorWrite()
    {
        await Store.AddAsync(Delivery("msg_1", "user:user_1", 1000));
        var claimed = Assert.Single(await Store.ClaimAsync("w1", 10, Lease));
        var projection = new MirrorProjection(Dialect, Time);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CompleteAsync(claimed, "w1", async (tx, ct) =>
        {
            await projection.ApplyAsync(claimed.Body, claimed.WebhookId, tx, ct);
            throw new InvalidOperationException("handler failed after the mirror write");
        }));

        Assert.NotEqual(InboxStatus.Done, (await Store.GetAsync("msg_1"))!.Status);
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM {MirrorCatalog.Users}"));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM {MirrorColumns.ChangesTable}"));

        // The worker can still record the failure under its lease.
        Assert.True(await Store.FailAsync(claimed, "w1", "System.InvalidOperationException: handler failed", Time.GetUtcNow().AddSeconds(5)));
    }

    [Fact]
    public async Task FailAsync_WithNextAttempt_FailedAndDueOnlyThen()
    {
        await Store.AddAsync(Delivery("msg_1", null, 1000));
        var claimed = Assert.Single(await Store.ClaimAsync("w1", 10, Lease));
        var next = Time.GetUtcNow().AddMinutes(5);
        Assert.True(await Store.FailAsync(claimed, "w1", "System.TimeoutException: slow", next));

        var row = (await Store.GetAsync("msg_1"))!;
        Assert.Equal(InboxStatus.Failed, row.Status);
        Assert.Equal(next, row.NextAttemptAt);
        Assert.Equal("System.TimeoutException: slow", row.LastError);
        Assert.Empty(await Store.ClaimAsync("w1", 10, Lease));

        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, Assert.Single(await Store.ClaimAsync("w1", 10, Lease)).Attempts);
    }

    [Fact]
    public async Task FailAsync_NoNextAttempt_DeadWithErrorAndNeverClaimed()
    {
        await Store.AddAsync(Delivery("msg_1", null, 1000));
        var claimed = Assert.Single(await Store.ClaimAsync("w1", 10, Lease));
        Assert.True(await Store.FailAsync(claimed, "w1", "System.FormatException: bad", null));

        var row = (await Store.GetAsync("msg_1"))!;
        Assert.Equal(InboxStatus.Dead, row.Status);
        Assert.Equal("System.FormatException: bad", row.LastError);
        Assert.Equal("dead", row.History[^1].Outcome);
        Assert.Equal("System.FormatException: bad", row.History[^1].Error);
        Time.Advance(TimeSpan.FromDays(2));
        Assert.Empty(await Store.ClaimAsync("w1", 10, Lease));
        Assert.False(await Store.FailAsync(claimed, "w1", "again", null));
    }

    [Fact]
    public async Task ReleaseAsync_Claimed_PendingAgainAttemptNotCounted()
    {
        await Store.AddAsync(Delivery("msg_1", null, 1000));
        var claimed = await Store.ClaimAsync("w1", 10, Lease);
        await Store.ReleaseAsync(claimed, "w1");

        var row = (await Store.GetAsync("msg_1"))!;
        Assert.Equal(InboxStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(1, Assert.Single(await Store.ClaimAsync("w2", 10, Lease)).Attempts);
    }

    [Fact]
    public async Task ReplayAsync_DeadAndById_BackToPendingWithHistory()
    {
        foreach (var id in new[] { "msg_1", "msg_2", "msg_3" })
        {
            await Store.AddAsync(Delivery(id, null, 1000));
        }

        foreach (var claimed in await Store.ClaimAsync("w1", 10, Lease))
        {
            if (claimed.WebhookId == "msg_3")
            {
                Assert.True(await Store.CompleteAsync(claimed, "w1", null));
            }
            else
            {
                Assert.True(await Store.FailAsync(claimed, "w1", "System.Exception: x", null));
            }
        }

        Assert.Equal(2, await Store.ReplayAsync(new ReplayFilter()));
        var replayed = (await Store.GetAsync("msg_1"))!;
        Assert.Equal(InboxStatus.Pending, replayed.Status);
        Assert.Equal(0, replayed.Attempts);
        Assert.Equal(["dead", "replayed"], replayed.History.Select(h => h.Outcome));
        Assert.Equal(0, await Store.ReplayAsync(new ReplayFilter { EventType = "user.updated" }));

        // One id whatever its status (a done row too), but never a pending one.
        Assert.Equal(1, await Store.ReplayAsync(new ReplayFilter { WebhookId = "msg_3" }));
        Assert.Equal(InboxStatus.Pending, (await Store.GetAsync("msg_3"))!.Status);
        Assert.Equal(0, await Store.ReplayAsync(new ReplayFilter { WebhookId = "msg_3" }));
    }

    [Fact]
    public async Task PurgeAsync_DoneRowsProcessedBeforeTheCutOff_DeletedInBoundedCalls_NothingElse()
    {
        // An hour ago: three done, one dead, one failed (retried tomorrow). Now: one more done and one pending.
        foreach (var id in new[] { "msg_done_1", "msg_done_2", "msg_done_3", "msg_dead", "msg_failed" })
        {
            await Store.AddAsync(Delivery(id, null, 1000));
        }

        var claim = await Store.ClaimAsync("w1", 10, Lease);
        Assert.Equal(5, claim.Count);
        foreach (var claimed in claim)
        {
            Assert.True(claimed.WebhookId switch
            {
                "msg_dead" => await Store.FailAsync(claimed, "w1", "System.Exception: x", null),
                "msg_failed" => await Store.FailAsync(claimed, "w1", "System.Exception: x", Time.GetUtcNow().AddDays(1)),
                _ => await Store.CompleteAsync(claimed, "w1", null),
            });
        }

        Time.Advance(TimeSpan.FromHours(1));
        await Store.AddAsync(Delivery("msg_done_new", null, 2000));
        Assert.True(await Store.CompleteAsync(Assert.Single(await Store.ClaimAsync("w1", 10, Lease)), "w1", null));
        await Store.AddAsync(Delivery("msg_pending", null, 1000));
        var cutOff = Time.GetUtcNow() - TimeSpan.FromMinutes(30);

        Assert.Equal(2, await Store.PurgeAsync(new PurgeFilter { Before = cutOff, MaxRows = 2 }));
        Assert.Equal(1, await Store.PurgeAsync(new PurgeFilter { Before = cutOff, MaxRows = 2 }));
        Assert.Equal(0, await Store.PurgeAsync(new PurgeFilter { Before = cutOff }));
        foreach (var id in new[] { "msg_done_1", "msg_done_2", "msg_done_3" })
        {
            Assert.Null(await Store.GetAsync(id));
        }

        Assert.Equal(InboxStatus.Done, (await Store.GetAsync("msg_done_new"))!.Status);
        Assert.Equal(InboxStatus.Dead, (await Store.GetAsync("msg_dead"))!.Status);
        Assert.Equal(InboxStatus.Failed, (await Store.GetAsync("msg_failed"))!.Status);
        Assert.Equal(InboxStatus.Pending, (await Store.GetAsync("msg_pending"))!.Status);

        // Dead rows only when asked; rows still to be processed never.
        Assert.Equal(1, await Store.PurgeAsync(new PurgeFilter { Before = cutOff, Statuses = [InboxStatus.Dead] }));
        Assert.Null(await Store.GetAsync("msg_dead"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PurgeAsync(new PurgeFilter { Before = Time.GetUtcNow(), Statuses = [InboxStatus.Failed] }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PurgeAsync(new PurgeFilter { Before = Time.GetUtcNow(), Statuses = [InboxStatus.Done, InboxStatus.Pending] }));
        Assert.Equal(InboxStatus.Pending, (await Store.GetAsync("msg_pending"))!.Status);

        // A purged id is no longer a duplicate: delivered again, it is stored and processed again.
        Assert.Equal(InboxAddResult.Stored, await Store.AddAsync(Delivery("msg_done_1", null, 1000)));
    }

    [Fact]
    public async Task ListAsync_And_GetStatsAsync_CountAndFilter()
    {
        await Store.AddAsync(Delivery("msg_1", null, 1000));
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.AddAsync(Delivery("msg_2", null, 2000, "organization.created"));
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.AddAsync(Delivery("msg_3", null, 3000));
        var claimed = (await Store.ClaimAsync("w1", 1, Lease)).Single();
        Assert.Equal("msg_1", claimed.WebhookId);
        Assert.True(await Store.CompleteAsync(claimed, "w1", null));

        Assert.Equal(["msg_3", "msg_2", "msg_1"], (await Store.ListAsync(new InboxQuery())).Select(m => m.WebhookId));
        Assert.Equal(["msg_2"], (await Store.ListAsync(new InboxQuery { EventType = "organization.created" })).Select(m => m.WebhookId));
        Assert.Equal(["msg_1"], (await Store.ListAsync(new InboxQuery { Status = InboxStatus.Done })).Select(m => m.WebhookId));
        Assert.Single(await Store.ListAsync(new InboxQuery { Limit = 1 }));

        var stats = await Store.GetStatsAsync();
        Assert.Equal(2, stats.CountsByStatus[InboxStatus.Pending]);
        Assert.Equal(1, stats.CountsByStatus[InboxStatus.Done]);
        Assert.Equal(0, stats.CountsByStatus[InboxStatus.Dead]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_001_000), stats.OldestDueReceivedAt);
    }

    [Fact]
    public async Task ClaimAsync_ConcurrentWorkers_EachRowClaimedOnce()
    {
        for (var i = 0; i < 200; i++)
        {
            await Store.AddAsync(Delivery($"msg_{i:D3}", $"user:user_{i % 50}", 1000 + i));
        }

        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var idle = 0;
            while (idle < 3)
            {
                var claimed = await Store.ClaimAsync($"w{w}", 7, Lease);
                idle = claimed.Count == 0 ? idle + 1 : 0;
                foreach (var message in claimed)
                {
                    seen.Add(message.WebhookId);
                    Assert.True(await Store.CompleteAsync(message, $"w{w}", null));
                }

                if (claimed.Count == 0)
                {
                    await Task.Delay(20);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(200, seen.Count);
        Assert.Equal(200, seen.Distinct().Count());
        Assert.Equal(200, (await Store.GetStatsAsync()).CountsByStatus[InboxStatus.Done]);
    }

    private InboxDelivery Delivery(string id, string? entityKey, long eventTimestamp, string type = "user.created")
    {
        var userId = entityKey?.Split(':')[1] ?? "user_x";
        var body = $$"""{"data":{"object":"user","id":"{{userId}}","first_name":"A","updated_at":{{eventTimestamp}}},"object":"event","type":"{{type}}","timestamp":{{eventTimestamp}}}""";
        return new InboxDelivery
        {
            WebhookId = id,
            EventType = type,
            EventTimestamp = eventTimestamp,
            EntityKey = entityKey,
            ReceivedAt = Time.GetUtcNow(),
            Body = Encoding.UTF8.GetBytes(body),
            SignatureTimestamp = "1750000000",
            Signature = "v1,c2lnbmF0dXJl",
        };
    }
}
