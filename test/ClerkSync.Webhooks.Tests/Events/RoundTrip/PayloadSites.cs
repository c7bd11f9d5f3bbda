using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace ClerkSync.Webhooks.Tests.Events.RoundTrip;

/// <summary>One field of a payload that a sender may leave out or send as null, by its path from the root.</summary>
/// <param name="Path">Object keys (string) and array indexes (int) from the root to the field.</param>
/// <param name="Removable">Whether the model lets it be absent (not <c>required</c>).</param>
/// <param name="Nullable">Whether the model accepts <c>null</c> for it.</param>
internal sealed record PayloadSite(IReadOnlyList<object> Path, bool Removable, bool Nullable)
{
    public override string ToString() => "$" + string.Concat(Path.Select(p => p is int i ? $"[{i}]" : $".{p}"));
}

/// <summary>What a sender may do to a site.</summary>
internal enum SiteChange
{
    Keep,
    Remove,
    Null,
}

/// <summary>
/// Walks a payload alongside the models' JSON metadata (<see cref="ClerkJson.Options"/>, as the parser sees them): which
/// fields may be removed or nulled, and a completed copy in which every member of every reachable model is present, so
/// that models no example shows in full are covered too.
/// </summary>
internal static class PayloadSites
{
    /// <summary>The sites of <paramref name="root"/>, parents before their children.</summary>
    public static IReadOnlyList<PayloadSite> Of(JsonObject root, JsonTypeInfo eventInfo)
    {
        var sites = new List<PayloadSite>();
        Walk(root, eventInfo, [], sites, isRoot: true);
        return sites;
    }

    /// <summary>Applies one change per site (same order as <see cref="Of"/>) to a copy of <paramref name="root"/>.</summary>
    public static JsonObject Apply(JsonObject root, IReadOnlyList<PayloadSite> sites, IReadOnlyList<SiteChange> changes)
    {
        var copy = root.DeepClone().AsObject();
        for (var i = 0; i < sites.Count; i++)
        {
            var change = changes[i];
            var site = sites[i];
            if (change == SiteChange.Keep || Parent(copy, site.Path) is not JsonObject parent || !parent.ContainsKey((string)site.Path[^1]))
            {
                continue; // kept, or an ancestor was already removed or nulled
            }

            if (change == SiteChange.Remove && site.Removable)
            {
                parent.Remove((string)site.Path[^1]);
            }
            else if (change == SiteChange.Null && site.Nullable)
            {
                parent[(string)site.Path[^1]] = null;
            }
        }

        return copy;
    }

    /// <summary>
    /// A copy of <paramref name="root"/> with every model member the payload lacks or sends as null added (a value of its
    /// type), and one element added to every empty array of models.
    /// </summary>
    public static JsonObject Complete(JsonObject root, JsonTypeInfo eventInfo)
    {
        var copy = root.DeepClone().AsObject();
        CompleteNode(copy, eventInfo, depth: 0);
        return copy;
    }

    /// <summary>The model types that appear in <paramref name="root"/> with every one of their members present.</summary>
    public static IReadOnlySet<Type> FullyPresentModels(JsonObject root, JsonTypeInfo eventInfo)
    {
        var found = new HashSet<Type>();
        Visit(root, eventInfo);
        return found;

        void Visit(JsonNode? node, JsonTypeInfo info)
        {
            if (node is JsonObject obj && info.Kind == JsonTypeInfoKind.Object)
            {
                var members = info.Properties.Where(p => p.Get is not null && !p.IsExtensionData).ToList();
                if (members.TrueForAll(p => obj.ContainsKey(p.Name)))
                {
                    found.Add(info.Type);
                }

                foreach (var property in members.Where(p => obj.ContainsKey(p.Name)))
                {
                    Visit(obj[property.Name], TypeInfo(property.PropertyType));
                }
            }
            else if (node is JsonArray array && info is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } elementType })
            {
                foreach (var element in array)
                {
                    Visit(element, TypeInfo(elementType));
                }
            }
        }
    }

    private static void Walk(JsonNode? node, JsonTypeInfo info, List<object> path, List<PayloadSite> sites, bool isRoot = false)
    {
        if (node is JsonObject obj && info.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var (name, value) in obj.ToList())
            {
                List<object> here = [.. path, name];
                var property = Member(info, name);
                if (property is null)
                {
                    // Not modelled: kept in ExtensionData as sent.
                    sites.Add(new PayloadSite(here, Removable: true, Nullable: false));
                    continue;
                }

                // The parser reads the envelope's type to choose the record, and refuses a null data by design.
                var removable = !property.IsRequired && !(isRoot && name == "type");
                var nullable = property.IsSetNullable && !(isRoot && name is "type" or "data");
                if (removable || nullable)
                {
                    sites.Add(new PayloadSite(here, removable, nullable));
                }

                Walk(value, TypeInfo(property.PropertyType), here, sites);
            }
        }
        else if (node is JsonArray array && info is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } elementType })
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(array[i], TypeInfo(elementType), [.. path, i], sites);
            }
        }
    }

    private static void CompleteNode(JsonNode? node, JsonTypeInfo info, int depth)
    {
        if (node is JsonObject obj && info.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in info.Properties.Where(p => p.Get is not null && !p.IsExtensionData))
            {
                // Absent, or a null where a model or list of models could be: the original payload keeps that case.
                if (!obj.TryGetPropertyValue(property.Name, out var value)
                    || (value is null && TypeInfo(property.PropertyType).Kind is JsonTypeInfoKind.Object or JsonTypeInfoKind.Enumerable))
                {
                    obj[property.Name] = Synthesize(property.PropertyType, depth + 1);
                }
                else
                {
                    CompleteNode(obj[property.Name], TypeInfo(property.PropertyType), depth + 1);
                }
            }
        }
        else if (node is JsonArray array && info is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } elementType })
        {
            if (array.Count == 0 && TypeInfo(elementType).Kind == JsonTypeInfoKind.Object)
            {
                array.Add(Synthesize(elementType, depth + 1));
            }

            foreach (var element in array)
            {
                CompleteNode(element, TypeInfo(elementType), depth + 1);
            }
        }
    }

    /// <summary>A JSON value the parser accepts for <paramref name="type"/>, with every member of a model present.</summary>
    private static JsonNode? Synthesize(Type type, int depth)
    {
        var info = TypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when depth < 8:
                var obj = new JsonObject();
                foreach (var property in info.Properties.Where(p => p.Get is not null && !p.IsExtensionData))
                {
                    obj[property.Name] = Synthesize(property.PropertyType, depth + 1);
                }

                return obj;
            case JsonTypeInfoKind.Enumerable when info.ElementType is { } elementType && depth < 8:
                return new JsonArray(Synthesize(elementType, depth + 1));
            case JsonTypeInfoKind.Dictionary:
                return new JsonObject();
            default:
                // A scalar: the first candidate this type reads (strings, string enums, numbers, booleans, JSON values).
                foreach (var candidate in (string[])["\"synthetic\"", "7", "true", "{}"])
                {
                    try
                    {
                        _ = JsonSerializer.Deserialize(candidate, info);
                        return JsonNode.Parse(candidate);
                    }
                    catch (JsonException)
                    {
                        // Not this one.
                    }
                    catch (InvalidOperationException)
                    {
                        // Not this one.
                    }
                }

                throw new InvalidOperationException($"No JSON value found for {type}.");
        }
    }

    private static JsonPropertyInfo? Member(JsonTypeInfo info, string name) =>
        info.Properties.FirstOrDefault(p => p.Name == name && p.Get is not null && !p.IsExtensionData);

    private static JsonTypeInfo TypeInfo(Type type) => ClerkJson.Options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);

    private static JsonObject? Parent(JsonObject root, IReadOnlyList<object> path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Take(path.Count - 1))
        {
            node = segment switch
            {
                string key when node is JsonObject obj && obj.TryGetPropertyValue(key, out var child) => child,
                int index when node is JsonArray array && index < array.Count => array[index],
                _ => null,
            };
        }

        return node as JsonObject;
    }
}
