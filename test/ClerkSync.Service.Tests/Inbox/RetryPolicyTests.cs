using ClerkSync.Inbox;

namespace ClerkSync.Service.Tests.Inbox;

public sealed class RetryPolicyTests
{
    private static readonly ClerkSyncRetryOptions NoJitter = new() { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromMinutes(1), MaxAttempts = 5, UseJitter = false };

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(60, 60)]
    [InlineData(1000, 60)]
    public void GetDelay_WithoutJitter_DoublesAndCaps(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryPolicy.GetDelay(attempt, NoJitter, 0.7));

    [Theory]
    [InlineData(0.0, 20)]
    [InlineData(0.5, 30)]
    [InlineData(0.999999, 40)]
    public void GetDelay_WithJitter_BetweenHalfAndAll(double random, int seconds)
    {
        var options = new ClerkSyncRetryOptions { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromMinutes(1), UseJitter = true };
        Assert.Equal(seconds, RetryPolicy.GetDelay(3, options, random).TotalSeconds, 0.001);
    }

    [Fact]
    public void NextAttemptAt_AtMaxAttempts_IsNull()
    {
        var now = DateTimeOffset.UnixEpoch;
        Assert.Equal(now.AddSeconds(80 > 60 ? 60 : 80), RetryPolicy.NextAttemptAt(4, NoJitter, now, 0));
        Assert.Null(RetryPolicy.NextAttemptAt(5, NoJitter, now, 0));
    }
}
