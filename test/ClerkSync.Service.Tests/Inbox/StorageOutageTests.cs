using System.Data.Common;
using System.Diagnostics;
using System.Net;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using ClerkSync.Service.Tests.Support;
using ClerkSync.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Service.Tests.Inbox;

/// <summary>
/// Issue #10, item 6: the store refusing to record an outcome (a full disk while the mirror writes) is not the event's
/// failure. Before the fix each refusal was a failed attempt, and an outage longer than the retry schedule (about 1.4 h
/// by default) left good events dead.
/// </summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Worker_DiskFullForLongerThanTheRetrySchedule_EventProcessedOnRecovery_NotDead_NoAttemptSpent()
    {
        var projection = new FullDiskProjection();
        var log = new ClerkSync.TestKit.LogRecorder();
        await using var host = await ServiceHost.StartAsync(
            o =>
            {
                // Three attempts, 50 ms then 100 ms apart: the whole schedule is 150 ms; the outage lasts 2 s and more.
                o.Retry.MaxAttempts = 3;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
                o.Retry.UseJitter = false;
            },
            services: s => s.AddKeyedSingleton<IMirrorProjection>(ClerkSyncStorageOptions.Sqlite, projection).AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log));

        projection.Full = true;
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync("msg_outage", Payloads.UserCreated("user_outage"))).StatusCode);
        var clock = Stopwatch.StartNew();
        while ((Volatile.Read(ref projection.Refused) < 5 || clock.Elapsed < TimeSpan.FromSeconds(2)) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        Assert.True(Volatile.Read(ref projection.Refused) >= 5, $"the store refused the outcome {projection.Refused} times in {clock.Elapsed.TotalSeconds:F0} s (row {(await host.Inbox.GetAsync("msg_outage"))?.Status}): " + string.Join("\n", log.Entries.Select(e => $"{e.EventId} {e.Message} {e.Exception}")));
        var during = (await host.Inbox.GetAsync("msg_outage"))!;
        Assert.Equal(InboxStatus.Processing, during.Status);
        Assert.Equal(1, during.Attempts);

        projection.Full = false;
        var done = await host.WaitForAsync("msg_outage", r => r.Status is InboxStatus.Done or InboxStatus.Dead, TimeSpan.FromSeconds(30));
        Assert.Equal(InboxStatus.Done, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.DoesNotContain(done.History, h => h.Outcome is "failed" or "dead");
        Assert.Equal(1, host.Recorder.Counts["msg_outage"]);
    }

    /// <summary>
    /// The real mirror, except that while <see cref="Full"/> the database may not grow by a single page
    /// (<c>PRAGMA max_page_count</c>, on the store's own connection, for this write) and the write needs dozens: SQLite's own SQLITE_FULL,
    /// as on a full disk, deterministically and without root.
    /// </summary>
    private sealed class FullDiskProjection : IMirrorProjection
    {
        private readonly MirrorProjection _mirror = new(MirrorDialect.Sqlite, TimeProvider.System);

        public volatile bool Full;

        public int Refused;

        public async Task ApplyAsync(ClerkEvent evt, string webhookId, DbTransaction transaction, CancellationToken cancellationToken = default)
        {
            if (Full)
            {
                Interlocked.Increment(ref Refused);
                await using var command = transaction.Connection!.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "PRAGMA page_count";
                var pages = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
                command.CommandText = $"PRAGMA max_page_count = {pages}";
                await command.ExecuteNonQueryAsync(cancellationToken);

                // Its own command: Microsoft.Data.Sqlite loses the error of a statement that follows one returning a row.
                command.CommandText = "CREATE TABLE IF NOT EXISTS outage_filler (b BLOB); INSERT INTO outage_filler VALUES (zeroblob(262144));";
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                finally
                {
                    // The limit is the connection's, which the store's pool keeps: lift it, the next call sets it again.
                    command.CommandText = "PRAGMA max_page_count = 2147483647";
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await _mirror.ApplyAsync(evt, webhookId, transaction, cancellationToken);
        }
    }
}
