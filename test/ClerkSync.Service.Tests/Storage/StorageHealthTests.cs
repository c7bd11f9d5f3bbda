using ClerkSync.Storage;
using ClerkSync.TestKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ClerkSync.Service.Tests.Storage;

/// <summary>
/// Issue #10, item 3: one stack trace per outage. The endpoint, the workers and the monitor meet the same outage in
/// any order, and its cause may change on the way (a full disk, then the corruption that a retried write finds).
/// </summary>
public sealed class StorageHealthTests
{
    private static readonly StorageUnavailableException Full = new(StorageFaultKind.Full, "disk full", "The disk is full.");
    private static readonly StorageUnavailableException Corrupt = new(StorageFaultKind.Corrupt, "database corrupt", "The database is corrupt.");

    [Fact]
    public void OutageWhoseCauseChanges_ExceptionLoggedOnce_StartAndCountKept()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var log = new LogRecorder();
        var health = new StorageHealth(time, new Logger<StorageHealth>(new LoggerFactory([log])));
        var start = time.GetUtcNow();

        health.DeliveryRefused("msg_1", "user.created", 100, Full);
        time.Advance(TimeSpan.FromSeconds(1));
        health.StoreFailed("worker-1", Corrupt);
        health.DeliveryRefused("msg_2", "user.created", 300, Corrupt);
        health.StoreFailed("monitor", Full);

        var fault = Assert.IsType<StorageFault>(health.Fault);
        Assert.Equal(StorageFaultKind.Corrupt, fault.Kind);
        Assert.True(fault.Permanent);
        Assert.Equal(start, fault.Since);
        Assert.Equal(4, fault.Refusals);
        Assert.Equal(300, fault.RefusedBytes);
        var traced = log.Entries.Where(e => e.Exception is not null).ToList();
        Assert.True(traced.Count == 1, $"{traced.Count} entries carried the exception: {string.Join(" | ", traced.Select(e => e.Message))}");
        Assert.Same(Full, traced[0].Exception);
        Assert.Equal(4, log.Entries.Count);
    }

    [Fact]
    public void OutageEndsThenAnotherBegins_EachLogsItsException()
    {
        var time = new FakeTimeProvider();
        var log = new LogRecorder();
        var health = new StorageHealth(time, new Logger<StorageHealth>(new LoggerFactory([log])));

        health.DeliveryRefused("msg_1", "user.created", 100, Full);
        health.Wrote(100);
        Assert.Null(health.Fault);
        time.Advance(StorageHealth.Window);
        health.DeliveryRefused("msg_2", "user.created", 100, Full);

        Assert.Equal(2, log.Entries.Count(e => e.Exception is not null));
        Assert.Equal(1, health.Fault!.Refusals);
    }
}
