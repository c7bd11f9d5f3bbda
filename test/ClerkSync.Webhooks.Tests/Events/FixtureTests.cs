using System.Text;
using System.Text.Json;
using ClerkSync.TestKit;

namespace ClerkSync.Webhooks.Tests.Events;

/// <summary>Every committed fixture parses to its typed record and serialises back JSON-equal.</summary>
public sealed class FixtureTests
{
    public static TheoryData<string, string> AllFixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var (eventType, name) in Fixtures.All)
        {
            data.Add(eventType, name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Parse_Fixture_ReturnsTypedRecordForItsType(string eventType, string name)
    {
        var json = Fixtures.Load(eventType, name);

        var evt = ClerkEvents.Parse(json);

        Assert.Equal(ClerkEvents.EventTypeFor(eventType), evt.GetType());
        Assert.Equal(eventType, evt.Type);
        Assert.Equal("event", evt.Object);
        Assert.StartsWith("ins_", evt.InstanceId, StringComparison.Ordinal);
        Assert.True(evt.Timestamp > 1_000_000_000_000, "timestamp normalised to milliseconds");
        Assert.Equal(json, evt.RawJson.ToArray());
        using var document = JsonDocument.Parse(json);
        var expectedId = document.RootElement.GetProperty("data").GetProperty("id").GetString();
        Assert.NotNull(expectedId);
        Assert.Equal(expectedId, DataId(evt));
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Serialize_ParsedFixture_IsJsonEqualToFixture(string eventType, string name)
    {
        var text = Fixtures.LoadText(eventType, name);

        var serialized = ClerkEvents.Serialize(ClerkEvents.Parse(Encoding.UTF8.GetBytes(text)));

        JsonAssert.Equal(text, serialized);
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void TryRead_Fixture_ReadsEnvelope(string eventType, string name)
    {
        var json = Fixtures.Load(eventType, name);
        using var document = JsonDocument.Parse(json);
        var data = document.RootElement.GetProperty("data");

        Assert.True(ClerkEventEnvelope.TryRead(json, out var envelope, out var error), error);

        Assert.Null(error);
        Assert.Equal(eventType, envelope.Type);
        var sent = document.RootElement.GetProperty("timestamp").GetInt64();
        Assert.Equal(sent < 100_000_000_000 ? sent * 1000 : sent, envelope.Timestamp);
        Assert.Equal(data.GetProperty("id").GetString(), envelope.DataId);
        Assert.Equal(data.TryGetProperty("object", out var dataObject) ? dataObject.GetString() : null, envelope.DataObject);
        Assert.Equal(data.TryGetProperty("updated_at", out var updatedAt) ? updatedAt.GetInt64() : null, envelope.UpdatedAt);
        Assert.Equal($"{eventType.Split('.')[0]}:{envelope.DataId}", envelope.EntityKey);
    }

    // The id of the data record, whatever its type: each typed record exposes Id.
    private static string? DataId(ClerkEvent evt) => evt switch
    {
        UnknownClerkEvent unknown => unknown.Data.GetProperty("id").GetString(),
        _ => (string?)evt.GetType().GetProperty("Data")!.GetValue(evt)!.GetType().GetProperty("Id")!.GetValue(evt.GetType().GetProperty("Data")!.GetValue(evt)),
    };
}
