using System.Text;
using System.Text.Json.Nodes;
using ClerkSync.TestKit;
using CsCheck;

namespace ClerkSync.Webhooks.Tests.Events.RoundTrip;

/// <summary>
/// Issue #10 item 11: older Clerk payloads leave out fields the schema now has. <c>Serialize(Parse(x))</c> must be
/// JSON-equal to <c>x</c> whatever a sender removed or nulled: absent stays absent, null stays null, on every model.
/// The payloads are the OpenAPI examples, as they are and completed so that every member of every reachable model is
/// present; the changes are removing optional fields and nulling nullable ones (what the models accept).
/// </summary>
public sealed class RoundTripPropertyTests
{
    private static readonly Lazy<Payload[]> Payloads = new(LoadPayloads);

    public static TheoryData<string> PayloadNames() => [.. Payloads.Value.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(PayloadNames))]
    public void SerializeParse_EachFieldRemovedOrNulledAlone_IsJsonEqualToInput(string name)
    {
        var payload = Payloads.Value.Single(p => p.Name == name);
        var failures = new List<string>();
        for (var i = 0; i < payload.Sites.Count; i++)
        {
            foreach (var change in (SiteChange[])[SiteChange.Remove, SiteChange.Null])
            {
                var site = payload.Sites[i];
                if ((change == SiteChange.Remove && !site.Removable) || (change == SiteChange.Null && !site.Nullable))
                {
                    continue;
                }

                var changes = new SiteChange[payload.Sites.Count];
                changes[i] = change;
                if (RoundTripDifference(PayloadSites.Apply(payload.Root, payload.Sites, changes)) is { } difference)
                {
                    failures.Add($"{change} {site}: {difference}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {payload.Sites.Count} sites of {name} do not round-trip:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void SerializeParse_RandomFieldsRemovedAndNulled_IsJsonEqualToInput()
    {
        // Per site: mostly kept, sometimes removed or nulled; CsCheck shrinks towards fewer changes.
        var gen =
            from index in Gen.Int[0, Payloads.Value.Length - 1]
            from changes in Gen.Int[0, 9].Array[Payloads.Value[index].Sites.Count]
            select (index, changes);
        gen.Sample(
            sample =>
            {
                var (payload, changed) = Mutate(sample.index, sample.changes);
                var difference = RoundTripDifference(changed);
                Assert.True(difference is null, $"{payload.Name}: {difference}");
            },
            iter: 2000,
            print: sample => Describe(sample.index, sample.changes));
    }

    [Fact]
    public void CompletedPayloads_HoldEveryModelWithAllItsMembers()
    {
        // Guards the completion itself: without it the tests above would only see what the examples happen to show.
        var covered = Payloads.Value
            .SelectMany(p => PayloadSites.FullyPresentModels(p.Root, ClerkJson.Options.GetTypeInfo(ClerkEvents.EventTypeFor(p.EventType)!)))
            .ToHashSet();
        var models = typeof(ClerkModel).Assembly.GetTypes().Where(t => t.IsAssignableTo(typeof(ClerkModel)) && !t.IsAbstract);

        Assert.Empty(models.Where(m => !covered.Contains(m)).Select(m => m.Name));
    }

    /// <summary>The first difference between <c>x</c> and <c>Serialize(Parse(x))</c>, or null when JSON-equal.</summary>
    private static string? RoundTripDifference(JsonObject input)
    {
        var text = input.ToJsonString();
        string serialized;
        try
        {
            serialized = ClerkEvents.Serialize(ClerkEvents.Parse(Encoding.UTF8.GetBytes(text)));
        }
        catch (Exception ex) when (ex is ClerkEventParseException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }

        try
        {
            JsonAssert.Equal(text, serialized);
            return null;
        }
        catch (JsonAssertException ex)
        {
            return ex.Message;
        }
    }

    private static (Payload Payload, JsonObject Changed) Mutate(int index, int[] draws)
    {
        var payload = Payloads.Value[index];
        return (payload, PayloadSites.Apply(payload.Root, payload.Sites, [.. draws.Select(ToChange)]));
    }

    private static string Describe(int index, int[] draws)
    {
        var payload = Payloads.Value[index];
        var changes = draws.Select((d, i) => (Change: ToChange(d), Site: payload.Sites[i])).Where(c => c.Change != SiteChange.Keep);
        return $"{payload.Name}: " + string.Join(", ", changes.Select(c => $"{c.Change} {c.Site}"));
    }

    private static SiteChange ToChange(int draw) => draw switch
    {
        8 => SiteChange.Remove,
        9 => SiteChange.Null,
        _ => SiteChange.Keep,
    };

    private static Payload[] LoadPayloads()
    {
        var payloads = new List<Payload>();
        foreach (var (eventType, name) in Fixtures.All)
        {
            var root = JsonNode.Parse(Fixtures.LoadText(eventType, name))!.AsObject();
            var info = ClerkJson.Options.GetTypeInfo(ClerkEvents.EventTypeFor(eventType)!);
            payloads.Add(new($"{eventType}/{name}", eventType, root, PayloadSites.Of(root, info)));
            var complete = PayloadSites.Complete(root, info);
            payloads.Add(new($"{eventType}/{name}+complete", eventType, complete, PayloadSites.Of(complete, info)));
        }

        return [.. payloads];
    }

    private sealed record Payload(string Name, string EventType, JsonObject Root, IReadOnlyList<PayloadSite> Sites);
}
