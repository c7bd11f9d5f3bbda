using System.Text.Json;
using ClerkSync.Cli.Sending;

namespace ClerkSync.Cli.Tests.Sending;

public sealed class SendingEngineTests
{
    private static DeliveryTemplate Template(string type) => DeliveryTemplate.FromSample(type, SampleCatalog.OfType(type)[0].Json);

    private static JsonElement Parse(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    [Fact]
    public void SampleCatalog_HoldsEveryFixtureType()
    {
        var fixtures = Directory.GetDirectories(TestKit.RepositoryPaths.Resources).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(fixtures, SampleCatalog.Types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DeliveryTemplate_ReplacesTimeAndIdsButKeepsTheInstance()
    {
        var body = Template("organizationMembership.created").Render(1_700_000_000_123, original => "X" + original.Length);
        var root = Parse(body);

        Assert.Equal(1_700_000_000_123, root.GetProperty("timestamp").GetInt64());
        Assert.Equal(1_700_000_000_123, root.GetProperty("data").GetProperty("updated_at").GetInt64());
        Assert.Equal("ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S", root.GetProperty("instance_id").GetString());
        Assert.StartsWith("orgmem_X", root.GetProperty("data").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("org_X", root.GetProperty("data").GetProperty("organization").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\n", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public void DeliveryPlan_SameSeed_SameDeliveries_DifferentSeed_Different()
    {
        DeliveryPlanOptions Options(int seed) => new() { Templates = [Template("user.created")], Count = 20, StartTimeMs = 1, Seed = seed, Shuffle = true, DuplicateRate = 0.2 };

        var first = new DeliveryPlan(Options(7)).Enumerate().ToList();
        var again = new DeliveryPlan(Options(7)).Enumerate().ToList();
        var other = new DeliveryPlan(Options(8)).Enumerate().ToList();

        Assert.Equal(first.Select(d => d.MessageId), again.Select(d => d.MessageId));
        Assert.Equal(first.Select(d => d.Body), again.Select(d => d.Body));
        Assert.NotEqual(first.Select(d => d.MessageId), other.Select(d => d.MessageId));
        Assert.Equal(20, first.Where(d => !d.IsDuplicate).Select(d => d.MessageId).Distinct().Count());
        Assert.All(first.Where(d => d.IsDuplicate), d => Assert.Contains(first, o => !o.IsDuplicate && o.MessageId == d.MessageId && o.Body == d.Body));
    }

    [Fact]
    public void DeliveryPlan_IdPool_ReusesEntitiesConsistentlyAcrossTypes()
    {
        var plan = new DeliveryPlan(new DeliveryPlanOptions { Templates = [Template("user.created"), Template("session.created")], Count = 400, StartTimeMs = 1, Seed = 1, IdPool = 5 });
        var deliveries = plan.Enumerate().Select(d => Parse(d.Body)).ToList();

        var users = deliveries.Where(d => d.GetProperty("type").GetString() == "user.created").Select(d => d.GetProperty("data").GetProperty("id").GetString()).ToHashSet();
        var sessionUsers = deliveries.Where(d => d.GetProperty("type").GetString() == "session.created").Select(d => d.GetProperty("data").GetProperty("user_id").GetString()).ToHashSet();
        Assert.Equal(5, users.Count);
        Assert.Subset(users, sessionUsers);
    }

    [Fact]
    public void DeliveryPlan_EventTime_FollowsSequence()
    {
        var plan = new DeliveryPlan(new DeliveryPlanOptions { Templates = [Template("user.updated")], Count = 50, StartTimeMs = 1_000, Seed = 3, Shuffle = true });

        foreach (var delivery in plan.Enumerate())
        {
            Assert.Equal(1_000 + delivery.Sequence, Parse(delivery.Body).GetProperty("timestamp").GetInt64());
        }
    }

    [Fact]
    public void LatencyHistogram_Percentiles_AreWithinThreePercent()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 10_000; i++)
        {
            histogram.Record(TimeSpan.FromMicroseconds(i * 10));
        }

        Assert.InRange(histogram.Percentile(50).TotalMicroseconds, 50_000, 51_500);
        Assert.InRange(histogram.Percentile(99).TotalMicroseconds, 99_000, 102_000);
        Assert.Equal(100_000, histogram.Max.TotalMicroseconds);
        Assert.Equal(TimeSpan.Zero, new LatencyHistogram().Percentile(99));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(31L)]
    [InlineData(32L)]
    [InlineData(1_000L)]
    [InlineData(123_456_789L)]
    public void LatencyHistogram_BucketHoldsItsValue(long value)
    {
        var index = LatencyHistogram.Index(value);

        Assert.True(LatencyHistogram.UpperBound(index) >= value);
        Assert.True(index == 0 || LatencyHistogram.UpperBound(index - 1) < value);
    }

    [Fact]
    public void SvixSchedule_IsClerksScheduleAndScales()
    {
        Assert.Equal(8, SvixSchedule.MaxAttempts);
        Assert.Equal(TimeSpan.Zero, SvixSchedule.DelayBefore(1, 1));
        Assert.Equal(TimeSpan.FromSeconds(5), SvixSchedule.DelayBefore(2, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(5), SvixSchedule.DelayBefore(2, 0.001));
        Assert.Equal(TimeSpan.FromHours(10), SvixSchedule.DelayBefore(8, 1));
        Assert.Equal(TimeSpan.FromSeconds(30), SvixSchedule.DelayBefore(2, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromMinutes(5), SvixSchedule.DelayBefore(3, 1, TimeSpan.FromSeconds(30)));
        Assert.InRange(SvixSchedule.Delays.Sum(d => d.TotalHours), 27.5, 27.6);
    }
}
