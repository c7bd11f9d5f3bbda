using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ClerkSync.Webhooks;

/// <summary>
/// The serializer options every event goes through: <see cref="ClerkJsonContext"/>'s source-generated metadata plus a
/// contract modifier that makes a round trip lossless.
/// </summary>
/// <remarks>
/// <para>
/// Why: <c>Serialize(Parse(x))</c> must equal <c>x</c>, and Clerk payloads mix fields sent as <c>null</c>
/// (<c>"external_id": null</c>) with fields left out (<c>locale</c> in the same user). A C# property holds
/// <see langword="null"/> either way. The context writes no nulls (<c>WhenWritingNull</c>: absent stays absent), and
/// each record remembers, one bit per nullable member (<see cref="IExplicitNulls"/>), which members were sent as
/// <c>null</c>; the modifier's <c>ShouldSerialize</c> writes those back. The bits are set after deserialising by
/// <see cref="ExplicitNullMarker"/>, a reader pass over the same bytes, because the source generator sets
/// <c>init</c> properties through an object initializer, where no per-property hook runs.
/// </para>
/// <para>
/// A value-type member the schema requires (<c>created_at</c>, <c>banned</c>) is not nullable; if Clerk ever left one
/// out, the round trip would write its default. Unknown fields ride in <c>ExtensionData</c> as <see cref="JsonElement"/>,
/// which keeps its own nulls. The modifier also writes <c>timestamp</c> in the unit it was sent in.
/// </para>
/// </remarks>
internal static class ClerkJson
{
    private static readonly ConcurrentDictionary<Type, NullableMember[]> Members = new();

    /// <summary>Gets the options: the context's, with the modifier added. Read-only.</summary>
    internal static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Gets the members tracked for <paramref name="info"/>'s type, or <see langword="null"/> when it tracks none.</summary>
    /// <param name="info">A type info from <see cref="Options"/>.</param>
    /// <returns>The members, in bit order.</returns>
    internal static NullableMember[]? MembersOf(JsonTypeInfo info) => Members.GetValueOrDefault(info.Type);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ClerkJsonContext.Default.Options)
        {
            TypeInfoResolver = ClerkJsonContext.Default.WithAddedModifier(TrackExplicitNulls),
        };
        options.MakeReadOnly();
        return options;
    }

    private static void TrackExplicitNulls(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !typeof(IExplicitNulls).IsAssignableFrom(info.Type))
        {
            return;
        }

        var isEvent = typeof(ClerkEvent).IsAssignableFrom(info.Type);
        var members = new List<NullableMember>();
        foreach (var property in info.Properties)
        {
            if (isEvent && property.Name == "timestamp")
            {
                property.Get = static evt => ((ClerkEvent)evt).WireTimestamp;
            }

            // [JsonIgnore] members come with no getter; extension data keeps its own nulls.
            if (property.Get is null || property.IsExtensionData || !CanBeNull(property.PropertyType))
            {
                continue;
            }

            if (members.Count == 64)
            {
                throw new InvalidOperationException($"{info.Type.Name} has more than 64 nullable members; IExplicitNulls holds 64 bits.");
            }

            var bit = 1UL << members.Count;
            property.ShouldSerialize = (owner, value) => value is not null || (((IExplicitNulls)owner).ExplicitNulls & bit) != 0;
            members.Add(new NullableMember(property, bit));
        }

        Members[info.Type] = [.. members];
    }

    private static bool CanBeNull(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
}

/// <summary>A nullable member of a record and its bit in <see cref="IExplicitNulls.ExplicitNulls"/>.</summary>
/// <param name="Property">The member's metadata.</param>
/// <param name="Bit">The member's bit.</param>
internal sealed record NullableMember(JsonPropertyInfo Property, ulong Bit)
{
    /// <summary>Gets the member's JSON name, UTF-8 encoded.</summary>
    public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(Property.Name);
}

/// <summary>
/// Sets <see cref="IExplicitNulls.ExplicitNulls"/> on a freshly deserialised event by walking its JSON alongside the
/// object graph: for each member sent as <c>null</c>, the owner's bit is set. Only objects and arrays that map to
/// tracked records are entered; everything else is skipped.
/// </summary>
internal static class ExplicitNullMarker
{
    /// <summary>Marks the explicit nulls of <paramref name="root"/>, deserialised from <paramref name="json"/>.</summary>
    /// <param name="json">The payload (already validated).</param>
    /// <param name="root">The event.</param>
    /// <param name="info">The event's type info.</param>
    internal static void Mark(ReadOnlySpan<byte> json, object root, JsonTypeInfo info)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        MarkObject(ref reader, root, info);
    }

    private static void MarkObject(ref Utf8JsonReader reader, object target, JsonTypeInfo info)
    {
        var members = ClerkJson.MembersOf(info);
        if (members is null || target is not IExplicitNulls tracked)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // The name is a slice of the input (still valid after moving on); an escaped name is rare and unescaped here.
            ReadOnlySpan<byte> name = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
            reader.Read();
            if (reader.TokenType is not (JsonTokenType.Null or JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                continue;
            }

            var member = Find(name, members);
            if (member is null)
            {
                reader.Skip();
                continue;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    tracked.ExplicitNulls |= member.Bit;
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    MarkValue(ref reader, member.Property.Get?.Invoke(target), ClerkJson.Options.GetTypeInfo(member.Property.PropertyType));
                    break;
            }
        }
    }

    private static void MarkValue(ref Utf8JsonReader reader, object? value, JsonTypeInfo info)
    {
        if (value is null)
        {
            reader.Skip();
        }
        else if (reader.TokenType == JsonTokenType.StartObject && info.Kind == JsonTypeInfoKind.Object)
        {
            MarkObject(ref reader, value, info);
        }
        else if (reader.TokenType == JsonTokenType.StartArray && value is IList list && info.ElementType is { } elementType)
        {
            var elementInfo = ClerkJson.Options.GetTypeInfo(elementType);
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && index < list.Count)
                {
                    MarkValue(ref reader, list[index], elementInfo);
                }
                else
                {
                    reader.Skip();
                }

                index++;
            }
        }
        else
        {
            reader.Skip();
        }
    }

    private static NullableMember? Find(ReadOnlySpan<byte> name, NullableMember[] members)
    {
        foreach (var member in members)
        {
            if (name.SequenceEqual(member.Utf8Name))
            {
                return member;
            }
        }

        return null;
    }
}
