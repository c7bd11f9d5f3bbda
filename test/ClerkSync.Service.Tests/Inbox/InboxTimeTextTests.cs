using ClerkSync.Inbox;
using Microsoft.Extensions.Time.Testing;

namespace ClerkSync.Service.Tests.Inbox;

/// <summary>The --since / --older-than / since= parser shared by the CLI and the admin endpoints.</summary>
public sealed class InboxTimeTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 30 * 60)]
    [InlineData("1.5h", 90 * 60)]
    [InlineData("7d", 7 * 86400)]
    [InlineData(" 2h ", 2 * 3600)]
    public void Age_IsSubtractedFromTheClock(string text, int seconds)
    {
        Assert.True(InboxTimeText.TryParse(text, new FakeTimeProvider(Now), out var at));
        Assert.Equal(Now.AddSeconds(-seconds), at);
    }

    [Fact]
    public void IsoTime_IsTakenAsIs_UtcWhenNoOffset()
    {
        Assert.True(InboxTimeText.TryParse("2026-01-31T12:00", new FakeTimeProvider(Now), out var at));
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), at);
        Assert.True(InboxTimeText.TryParse(null, new FakeTimeProvider(Now), out var none));
        Assert.Null(none);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5d")]
    [InlineData("1e300d")]
    [InlineData("NaNh")]
    [InlineData("99999999d")]
    [InlineData("5w")]
    [InlineData("d")]
    public void Nonsense_IsRefused_NeverThrows(string text)
    {
        Assert.False(InboxTimeText.TryParse(text, new FakeTimeProvider(Now), out _));
    }
}
