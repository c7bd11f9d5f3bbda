using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace ClerkSync.Webhooks.Tests.Events;

/// <summary>"Wholesome" checks over every event and model type (STYLE 18).</summary>
public sealed partial class CatalogTests
{
    private static readonly Type[] AssemblyTypes = typeof(ClerkEvent).Assembly.GetTypes();

    public static TheoryData<string> AllWireTypes() => [.. ClerkEventTypes.All];

    public static TheoryData<Type> AllEventTypes() =>
        [.. AssemblyTypes.Where(t => t.IsAssignableTo(typeof(ClerkEvent)) && !t.IsAbstract)];

    public static TheoryData<Type> AllModelTypes() =>
        [.. AssemblyTypes.Where(t => t.IsAssignableTo(typeof(ClerkModel)) && !t.IsAbstract)];

    [Fact]
    public void All_Catalog_Has46DistinctTypes()
    {
        Assert.Equal(46, ClerkEventTypes.All.Count);
        Assert.Equal(46, ClerkEventTypes.All.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void All_Constants_AreTheListedTypes()
    {
        var constants = typeof(ClerkEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(ClerkEventTypes.All.Order(StringComparer.Ordinal), constants);
    }

    [Theory]
    [MemberData(nameof(AllWireTypes))]
    public void EventTypeFor_CatalogType_IsSealedRecordNamedAfterWireType(string wireType)
    {
        var type = ClerkEvents.EventTypeFor(wireType);

        Assert.NotNull(type);
        Assert.True(type.IsSealed);
        Assert.True(type.IsAssignableTo(typeof(ClerkEvent)));
        Assert.Equal(PascalCase(wireType) + "Event", type.Name);
        Assert.Equal(wireType, ((ClerkEvent)Activator.CreateInstance(type)!).Type);
        var field = typeof(ClerkEventTypes).GetField(PascalCase(wireType));
        Assert.Equal(wireType, field?.GetRawConstantValue());
    }

    [Theory]
    [MemberData(nameof(AllEventTypes))]
    public void EventRecord_InAssembly_IsSealedRegisteredAndInCatalog(Type type)
    {
        Assert.True(type.IsSealed, $"{type.Name} must be sealed");
        Assert.True(type.IsPublic, $"{type.Name} must be public");
        Assert.NotNull(ClerkJsonContext.Default.GetTypeInfo(type));
        Assert.Equal(JsonTypeInfoKind.Object, ClerkJson.Options.GetTypeInfo(type).Kind);
        if (type != typeof(UnknownClerkEvent))
        {
            Assert.Contains(((ClerkEvent)Activator.CreateInstance(type)!).Type, ClerkEventTypes.All);
        }
    }

    [Theory]
    [MemberData(nameof(AllEventTypes))]
    public void JsonPropertyNames_EventAndEverythingReachable_AreSnakeCase(Type type)
    {
        foreach (var reachable in Reachable(type))
        {
            foreach (var property in ClerkJson.Options.GetTypeInfo(reachable).Properties.Where(p => p.Get is not null && !p.IsExtensionData))
            {
                Assert.True(SnakeCase().IsMatch(property.Name), $"{reachable.Name}.{property.Name} is not snake_case");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllModelTypes))]
    public void ModelRecord_InAssembly_IsSealedPublicAndTracksItsWireShape(Type type)
    {
        Assert.True(type.IsSealed, $"{type.Name} must be sealed");
        Assert.True(type.IsPublic, $"{type.Name} must be public");

        var info = ClerkJson.Options.GetTypeInfo(type);
        var shape = ClerkJson.ShapeOf(info);

        // Every public property is serialised (explicitly named) or deliberately ignored; extension data is the only unnamed one.
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var named = property.GetCustomAttribute<JsonPropertyNameAttribute>() is not null;
            var extension = property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null;
            Assert.True(named || extension || property.Name == "EqualityContract", $"{type.Name}.{property.Name} has no [JsonPropertyName]");
        }

        // Tracked: every member that can be null (sent as null or left out) and every optional value-type member (left out).
        Assert.NotNull(shape);
        Assert.InRange(shape.All.Length, 0, 64);
        Assert.Equal(
            info.Properties.Count(p => p.Get is not null && !p.IsExtensionData && (!p.PropertyType.IsValueType || Nullable.GetUnderlyingType(p.PropertyType) is not null || !p.IsRequired)),
            shape.All.Length);
    }

    [Fact]
    public void StringEnums_KnownValues_AreKnownAndRoundTripThroughJson()
    {
        var enums = AssemblyTypes.Where(t => t.IsValueType && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClerkStringEnum<>))).ToList();
        Assert.NotEmpty(enums);
        foreach (var type in enums)
        {
            var info = ClerkJson.Options.GetTypeInfo(type);
            var known = type.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == type).ToList();
            Assert.NotEmpty(known);
            foreach (var property in known)
            {
                var value = property.GetValue(null)!;
                Assert.True((bool)type.GetProperty("IsKnown")!.GetValue(value)!, $"{type.Name}.{property.Name}");
                var wire = (string)type.GetProperty("Value")!.GetValue(value)!;
                Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name), wire);
                Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(value, info));
                Assert.Equal(value, JsonSerializer.Deserialize($"\"{wire}\"", info));
            }

            var unknown = JsonSerializer.Deserialize("\"frobnicated\"", info)!;
            Assert.False((bool)type.GetProperty("IsKnown")!.GetValue(unknown)!, type.Name);
            Assert.Equal("\"frobnicated\"", JsonSerializer.Serialize(unknown, info));
        }
    }

    private static string PascalCase(string wireType) =>
        string.Concat(wireType.Split('.').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    // The record types reachable from an event through its serialised members (element types of lists included).
    private static HashSet<Type> Reachable(Type root)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            var info = ClerkJson.Options.GetTypeInfo(type);
            var next = info.Kind switch
            {
                JsonTypeInfoKind.Object => info.Properties.Where(p => p.Get is not null).Select(p => p.PropertyType),
                JsonTypeInfoKind.Enumerable => [info.ElementType!],
                _ => [],
            };
            if (info.Kind == JsonTypeInfoKind.Object && seen.Add(type) || info.Kind == JsonTypeInfoKind.Enumerable)
            {
                foreach (var child in next)
                {
                    var unwrapped = Nullable.GetUnderlyingType(child) ?? child;
                    if (!seen.Contains(unwrapped))
                    {
                        pending.Push(unwrapped);
                    }
                }
            }
        }

        return seen;
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
