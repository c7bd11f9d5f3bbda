using System.Text;
using ClerkSync.Diagnostics;
using ClerkSync.EntityFrameworkCore.Tests.Support;
using ClerkSync.EntityFrameworkCore.TestHost;
using ClerkSync.Handlers;
using ClerkSync.Inbox;
using ClerkSync.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.EntityFrameworkCore.Tests.Transactions;

/// <summary>
/// Issue #11: a handler's changes to its DbContext commit with the delivery's done mark and mirror, or not at all, on
/// SQLite and PostgreSQL.
/// </summary>
public sealed class TransactionalHandlerTests
{
    private static readonly byte[] UserCreated = Encoding.UTF8.GetBytes("""
        {"type":"user.created","object":"event","timestamp":1700000000000,"data":{"object":"user","id":"user_tx1","first_name":"Ada","created_at":1700000000000,"updated_at":1700000000000,"email_addresses":[]}}
        """);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Handler_AddsRowThenThrows_LeavesNoRowAndIsRetriedToExactlyOne(bool postgres)
    {
        var database = await TestDatabase.CreateAsync(postgres, "throws");

        // The retry waits 2 s: time to see the failed attempt's effects (none) before the second attempt runs.
        await using var host = await EfHost.StartAsync(database, c => c.AddHandler<ClerkEvent, AddsThenThrowsOnFirstAttempt>(), o => o.Retry.BaseDelay = TimeSpan.FromSeconds(2));
        await host.SendAsync("msg_throws", UserCreated);

        var failed = await host.WaitForAsync("msg_throws", r => r.Status == InboxStatus.Failed);
        Assert.Contains("first attempt fails", failed.LastError, StringComparison.Ordinal);
        await using (var db = database.OpenContext())
        {
            Assert.Empty(await db.HandledRows.ToListAsync());

            // The mirror rolled back with it.
            Assert.Empty(await db.Set<ClerkUser>().ToListAsync());
        }

        await host.WaitForAsync("msg_throws", r => r.Status == InboxStatus.Done);
        await using (var db = database.OpenContext())
        {
            var row = Assert.Single(await db.HandledRows.ToListAsync());
            Assert.Equal(("msg_throws", 2), (row.WebhookId, row.Attempt));
            Assert.Equal("Ada", Assert.Single(await db.Set<ClerkUser>().ToListAsync()).FirstName);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Handler_LosesItsLease_WritesNothing(bool postgres)
    {
        var database = await TestDatabase.CreateAsync(postgres, "lease");

        // Attempt 1 outlives its 1 s lease; attempt 2 (the other worker) claims the row, adds its row and completes; then
        // attempt 1 returns and its completion finds the lease lost.
        await using var host = await EfHost.StartAsync(
            database,
            c =>
            {
                c.Services.AddSingleton<LeaseProbe>();
                c.AddHandler<ClerkEvent, OutlivesLeaseOnFirstAttempt>();
            },
            o =>
            {
                o.Lease = TimeSpan.FromSeconds(1);
                o.Workers = 2;
            });
        await host.SendAsync("msg_lease", UserCreated);

        await host.WaitForAsync("msg_lease", r => r.Status == InboxStatus.Done);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!host.Logs.GetSnapshot().Any(r => r.Id.Id == ClerkSyncEventId.LeaseLost))
        {
            await Task.Delay(20, timeout.Token);
        }

        await using var db = database.OpenContext();
        var row = Assert.Single(await db.HandledRows.ToListAsync());
        Assert.Equal(2, row.Attempt);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Handler_CallsSaveChanges_IsRefusedAndWritesNothing(bool postgres)
    {
        var database = await TestDatabase.CreateAsync(postgres, "save");
        await using var host = await EfHost.StartAsync(database, c => c.AddHandler<ClerkEvent, SavesItself>(), o => o.Retry.MaxAttempts = 1);
        await host.SendAsync("msg_save", UserCreated);

        var dead = await host.WaitForAsync("msg_save", r => r.Status == InboxStatus.Dead);
        Assert.Contains("Do not call SaveChanges on HostDb in a ClerkSync handler", dead.LastError, StringComparison.Ordinal);
        await using var db = database.OpenContext();
        Assert.Empty(await db.HandledRows.ToListAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MirrorEntity_RemovedThroughTheContext_SaveChangesThrowsAndTheRowStays(bool postgres)
    {
        var database = await TestDatabase.CreateAsync(postgres, "readonly");
        await using var host = await EfHost.StartAsync(database, c => c.AddHandler<ClerkEvent, RowPerDeliveryHandler>());
        await host.SendAsync("msg_readonly", UserCreated);
        await host.WaitForAsync("msg_readonly", r => r.Status == InboxStatus.Done);

        // Through the host's own registration (UseEntityFrameworkCore adds the guard) and a context built by hand.
        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDb>();
            db.Remove(await db.Set<ClerkUser>().SingleAsync());
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("ClerkUser 'user_tx1' is Deleted, but the Clerk mirror is read-only", error.Message, StringComparison.Ordinal);
        }

        await using (var db = database.OpenContext())
        {
            var user = await db.Set<ClerkUser>().SingleAsync();
            db.Entry(user).Property(u => u.FirstName).CurrentValue = "Mallory";
            var error = Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
            Assert.Contains("is Modified, but the Clerk mirror is read-only", error.Message, StringComparison.Ordinal);
        }

        await using (var db = database.OpenContext())
        {
            Assert.Equal("Ada", (await db.Set<ClerkUser>().SingleAsync()).FirstName);
        }
    }

    [Fact]
    public async Task Context_OnAnotherDatabase_WarnsNamingBothAndSavesBeforeTheDoneMark()
    {
        var inbox = await TestDatabase.CreateAsync(postgres: false, "inbox");
        var other = await TestDatabase.CreateAsync(postgres: false, "other");
        await using var host = await EfHost.StartAsync(inbox, c => c.AddHandler<ClerkEvent, RowPerDeliveryHandler>(), contextDatabase: other);

        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == ClerkSyncEventId.HandlerContextOtherDatabase);
        Assert.Contains(other.Target, warning.Message, StringComparison.Ordinal);
        Assert.Contains(inbox.Target, warning.Message, StringComparison.Ordinal);

        await host.SendAsync("msg_other", UserCreated);
        await host.WaitForAsync("msg_other", r => r.Status == InboxStatus.Done);
        await using var db = other.OpenContext();
        Assert.Equal("msg_other", Assert.Single(await db.HandledRows.ToListAsync()).WebhookId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Context_OnTheInboxDatabase_SaysTransactionalAtStartUp(bool postgres)
    {
        var database = await TestDatabase.CreateAsync(postgres, "same");
        await using var host = await EfHost.StartAsync(database, c => c.AddHandler<ClerkEvent, RowPerDeliveryHandler>());
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == ClerkSyncEventId.TransactionalHandlers);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == ClerkSyncEventId.HandlerContextOtherDatabase);
    }

    private sealed class AddsThenThrowsOnFirstAttempt(HostDb db) : IClerkEventHandler<ClerkEvent>
    {
        public Task HandleAsync(ClerkEvent evt, ClerkDelivery delivery, CancellationToken ct)
        {
            db.HandledRows.Add(new HandledRow { WebhookId = delivery.WebhookId, EventType = delivery.EventType, Attempt = delivery.Attempt });
            return delivery.Attempt == 1 ? throw new InvalidOperationException("first attempt fails") : Task.CompletedTask;
        }
    }

    private sealed class LeaseProbe
    {
        public TaskCompletionSource SecondHandled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class OutlivesLeaseOnFirstAttempt(HostDb db, LeaseProbe probe) : IClerkEventHandler<ClerkEvent>
    {
        public async Task HandleAsync(ClerkEvent evt, ClerkDelivery delivery, CancellationToken ct)
        {
            db.HandledRows.Add(new HandledRow { WebhookId = delivery.WebhookId, EventType = delivery.EventType, Attempt = delivery.Attempt });
            if (delivery.Attempt == 1)
            {
                await probe.SecondHandled.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
            else
            {
                probe.SecondHandled.TrySetResult();
            }
        }
    }

    private sealed class SavesItself(HostDb db) : IClerkEventHandler<ClerkEvent>
    {
        public Task HandleAsync(ClerkEvent evt, ClerkDelivery delivery, CancellationToken ct)
        {
            db.HandledRows.Add(new HandledRow { WebhookId = delivery.WebhookId, EventType = delivery.EventType, Attempt = delivery.Attempt });
            return db.SaveChangesAsync(ct);
        }
    }
}
