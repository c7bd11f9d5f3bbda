using System.Net;
using ClerkSync.Inbox;
using ClerkSync.Service.Tests.Support;

namespace ClerkSync.Service.Tests.Inbox;

public sealed class RetryScheduleTests
{
    [Fact]
    public async Task ThrowingHandler_RetriedOnSchedule_EndsDead_ThenReplaySucceeds()
    {
        var time = ServiceHost.FakeClockAtNow();
        await using var host = await ServiceHost.StartAsync(
            o =>
            {
                o.Workers = 1;
                o.Retry.MaxAttempts = 3;
                o.Retry.BaseDelay = TimeSpan.FromSeconds(10);
                o.Retry.MaxDelay = TimeSpan.FromSeconds(15);
                o.Retry.UseJitter = false;
            },
            time);
        host.Recorder.Fail = true;
        var sent = time.GetUtcNow();

        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync("msg_retry", Payloads.UserCreated())).StatusCode);
        var first = await host.WaitForAsync("msg_retry", m => m is { Status: InboxStatus.Failed, Attempts: 1 });
        Assert.Equal(sent + TimeSpan.FromSeconds(10), first.NextAttemptAt);
        Assert.Contains("handler failure", first.LastError);

        // Not before its time.
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(300);
        Assert.Equal(1, (await host.Inbox.GetAsync("msg_retry"))!.Attempts);

        time.Advance(TimeSpan.FromSeconds(1));
        var second = await host.WaitForAsync("msg_retry", m => m is { Status: InboxStatus.Failed, Attempts: 2 });
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(15), second.NextAttemptAt); // 20 s capped at 15 s

        time.Advance(TimeSpan.FromSeconds(15));
        var dead = await host.WaitForAsync("msg_retry", m => m.Status == InboxStatus.Dead);
        Assert.Equal(3, dead.Attempts);
        Assert.Null(dead.NextAttemptAt);
        Assert.Equal(3, host.Recorder.Deliveries.Count);
        Assert.Equal([1, 2, 3], host.Recorder.Deliveries.Select(d => d.Attempt));

        // Nothing more happens to a dead row.
        time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(200);
        Assert.Equal(3, host.Recorder.Deliveries.Count);

        host.Recorder.Fail = false;
        Assert.Equal(1, await host.Inbox.ReplayAsync(new ReplayFilter { WebhookId = "msg_retry" }));
        time.Advance(TimeSpan.FromSeconds(1));
        var done = await host.WaitForAsync("msg_retry", m => m.Status == InboxStatus.Done);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(["failed", "failed", "dead", "replayed", "done"], done.History.Select(h => h.Outcome));
        Assert.Equal(1, host.Recorder.Counts["msg_retry"]);
        Assert.Equal(1, host.Recorder.Deliveries.Last().Attempt);
    }

    [Fact]
    public async Task ResendOfDeadDelivery_IsRequeued_NotSwallowedAsDuplicate()
    {
        var time = ServiceHost.FakeClockAtNow();
        await using var host = await ServiceHost.StartAsync(o => o.Retry.MaxAttempts = 1, time);
        host.Recorder.Fail = true;
        await host.SendAsync("msg_resend", Payloads.UserCreated());
        await host.WaitForAsync("msg_resend", m => m.Status == InboxStatus.Dead);

        host.Recorder.Fail = false;
        var response = await host.SendAsync("msg_resend", Payloads.UserCreated());
        Assert.Contains("requeued", await response.Content.ReadAsStringAsync());
        var done = await host.WaitForAsync("msg_resend", m => m.Status == InboxStatus.Done);
        Assert.Equal(["dead", "requeued", "done"], done.History.Select(h => h.Outcome));

        // A resend of a processed message is a plain duplicate.
        Assert.Contains("duplicate", await (await host.SendAsync("msg_resend", Payloads.UserCreated())).Content.ReadAsStringAsync());
    }
}
