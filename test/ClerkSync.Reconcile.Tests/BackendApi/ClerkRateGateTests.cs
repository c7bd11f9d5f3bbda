using System.Diagnostics;
using ClerkSync.BackendApi;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ClerkSync.Reconcile.Tests.BackendApi;

/// <summary>
/// The key-wide pace and Retry-After gate, without HTTP. The gate's waits run on a fake clock (exact); the pace runs on
/// the rate limiter's own timer, so its test has a lower bound only (a permit can come late on a loaded machine, never early).
/// </summary>
public sealed class ClerkRateGateTests
{
    [Fact]
    public async Task AcquireAsync_PastTheLimit_WaitsAWholeWindowFromTheFirstPermit()
    {
        var window = TimeSpan.FromMilliseconds(300);
        using var gate = Gate(new FakeTimeProvider(), requests: 3, window);
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            (await gate.AcquireAsync(ct)).Dispose();
        }

        (await gate.AcquireAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), ct)).Dispose();

        Assert.True(clock.Elapsed >= window, $"a fourth permit after {clock.Elapsed.TotalMilliseconds:0} ms; the window is {window.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task AcquireAsync_AfterClose_WaitsForRetryAfterEvenWithPermitsLeft()
    {
        var time = new FakeTimeProvider();
        using var gate = Gate(time, requests: 100, TimeSpan.FromSeconds(1));
        var ct = TestContext.Current.CancellationToken;
        gate.Close(TimeSpan.FromSeconds(2));
        gate.Close(TimeSpan.FromSeconds(1)); // a shorter, later Retry-After never reopens it early

        var waiting = gate.AcquireAsync(ct).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.Delay(50, ct);
        Assert.False(waiting.IsCompleted, "a permit before Retry-After passed");
        Assert.Equal(TimeSpan.FromMilliseconds(1), gate.ClosedFor);

        time.Advance(TimeSpan.FromMilliseconds(1));
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10), ct)).Dispose();
        Assert.Equal(TimeSpan.Zero, gate.ClosedFor);
    }

    [Fact]
    public async Task AcquireAsync_ClosedWhileQueuedForThePace_WaitsAgain()
    {
        var time = new FakeTimeProvider();
        using var gate = Gate(time, requests: 1, TimeSpan.FromMilliseconds(100));
        var ct = TestContext.Current.CancellationToken;
        (await gate.AcquireAsync(ct)).Dispose();
        var queued = gate.AcquireAsync(ct).AsTask();

        // The queued request gets its permit when the window slides (real time); a 429 meanwhile still holds it back.
        gate.Close(TimeSpan.FromSeconds(5));
        await Task.Delay(500, ct);
        Assert.False(queued.IsCompleted, "a queued request went out while the gate was closed");

        time.Advance(TimeSpan.FromSeconds(5));
        (await queued.WaitAsync(TimeSpan.FromSeconds(10), ct)).Dispose();
    }

    private static ClerkRateGate Gate(TimeProvider time, int requests, TimeSpan window) => new(
        Options.Create(new ClerkBackendApiOptions { RequestsPerWindow = requests, Window = window }),
        time,
        NullLogger<ClerkRateGate>.Instance);
}
