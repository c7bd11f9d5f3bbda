using ClerkSync.Inbox;
using ClerkSync.Service.Tests.Support;

namespace ClerkSync.Service.Tests.Inbox;

public sealed class RetentionTests
{
    [Fact]
    public async Task DoneRowsOlderThanRetainDone_AreDeletedByTheHourlyRun_RecentAndDeadRowsKept()
    {
        var time = ServiceHost.FakeClockAtNow();
        await using var host = await ServiceHost.StartAsync(
            o =>
            {
                o.Retry.MaxAttempts = 1;
                o.RetainDone = TimeSpan.FromDays(2);
                o.PollInterval = TimeSpan.FromMinutes(10); // the fake clock runs every timer once per period it skips
            },
            time);
        host.Recorder.Fail = true;
        await host.SendAsync("msg_dead", Payloads.UserCreated());
        await host.WaitForAsync("msg_dead", m => m.Status == InboxStatus.Dead);
        host.Recorder.Fail = false;
        await host.SendAsync("msg_old", Payloads.UserCreated());
        await host.WaitForAsync("msg_old", m => m.Status == InboxStatus.Done);

        time.Advance(TimeSpan.FromDays(1));
        await host.SendAsync("msg_recent", Payloads.UserCreated());
        await host.WaitForAsync("msg_recent", m => m.Status == InboxStatus.Done);

        // msg_old was processed 2 days and 1 hour ago, msg_recent 1 day and 1 hour ago.
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await host.Inbox.GetAsync("msg_old") is not null)
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.Equal(InboxStatus.Done, (await host.Inbox.GetAsync("msg_recent"))!.Status);
        Assert.Equal(InboxStatus.Dead, (await host.Inbox.GetAsync("msg_dead"))!.Status);
    }

    [Fact]
    public async Task RetainDoneZero_KeepsDoneRows()
    {
        var time = ServiceHost.FakeClockAtNow();
        await using var host = await ServiceHost.StartAsync(o => o.RetainDone = TimeSpan.Zero, time);
        await host.SendAsync("msg_forever", Payloads.UserCreated());
        await host.WaitForAsync("msg_forever", m => m.Status == InboxStatus.Done);

        // Were zero not "forever", the next hourly run would delete everything done before now.
        time.Advance(TimeSpan.FromHours(2));
        await Task.Delay(300);
        Assert.Equal(InboxStatus.Done, (await host.Inbox.GetAsync("msg_forever"))!.Status);
    }
}
