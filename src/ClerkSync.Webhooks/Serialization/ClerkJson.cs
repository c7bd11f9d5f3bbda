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
/// (<c>"external_id": null</c>) with fields left out (<c>locale</c> in the same user; <c>has_image</c> in an older
/// organization). A C# property holds <see langword="null"/> or its default either way. Each record remembers, one bit
/// per member whose value cannot tell (<see cref="IWireShape"/>), which were sent as <c>null</c> and which value-type
/// members were left out; the modifier's <c>ShouldSerialize</c> writes what was sent. The context writes no nulls
/// (<c>WhenWritingNull</c>), so a reference member left out stays out without a bit. The bits are set after
/// deserialising by <see cref="WireShapeMarker"/>, a reader pass over the same bytes, because the source generator sets
/// <c>init</c> properties through an object initializer, where no per-property hook runs.
/// </para>
/// <para>
/// Unknown fields ride in <c>ExtensionData</c> as <see cref="JsonElement"/>, which keeps its own nulls. The modifier
/// also writes <c>timestamp</c> in the unit it was sent in.
/// </para>
/// </remarks>
internal static class ClerkJson
{
    private static readonly ConcurrentDictionary<Type, WireShapeMembers> Shapes = new();

    /// <summary>Gets the options: the context's, with the modifier added. Read-only.</summary>
    internal static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Gets the members tracked for <paramref name="info"/>'s type, or <see langword="null"/> when it tracks none.</summary>
    /// <param name="info">A type info from <see cref="Options"/>.</param>
    /// <returns>The members, in bit order.</returns>
    internal static WireShapeMembers? ShapeOf(JsonTypeInfo info) => Shapes.GetValueOrDefault(info.Type);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ClerkJsonContext.Default.Options)
        {
            TypeInfoResolver = ClerkJsonContext.Default.WithAddedModifier(TrackWireShape),
        };
        options.MakeReadOnly();
        return options;
    }

    private static void TrackWireShape(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !typeof(IWireShape).IsAssignableFrom(info.Type))
        {
            return;
        }

        var isEvent = typeof(ClerkEvent).IsAssignableFrom(info.Type);
        var members = new List<WireShapeMember>();
        foreach (var property in info.Properties)
        {
            if (isEvent && property.Name == "timestamp")
            {
                property.Get = static evt => ((ClerkEvent)evt).WireTimestamp;
            }

            // [JsonIgnore] members come with no getter; extension data keeps its own nulls; a required value is always sent.
            var canBeNull = CanBeNull(property.PropertyType);
            if (property.Get is null || property.IsExtensionData || (!canBeNull && property.IsRequired))
            {
                continue;
            }

            if (members.Count == 64)
            {
                throw new InvalidOperationException($"{info.Type.Name} has more than 64 tracked members; IWireShape holds 64 bits.");
            }

            var bit = 1UL << members.Count;
            property.ShouldSerialize = canBeNull
                ? (owner, value) => value is not null || (((IWireShape)owner).WireShape & bit) != 0
                : (owner, _) => (((IWireShape)owner).WireShape & bit) == 0;
            members.Add(new WireShapeMember(property, bit, TracksAbsence: !canBeNull));
        }

        Shapes[info.Type] = new WireShapeMembers([.. members]);
    }

    private static bool CanBeNull(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
}

/// <summary>A tracked member of a record and its bit in <see cref="IWireShape.WireShape"/>.</summary>
/// <param name="Property">The member's metadata.</param>
/// <param name="Bit">The member's bit.</param>
/// <param name="TracksAbsence">
/// <see langword="true"/> for a value-type member (its bit says it was left out), <see langword="false"/> for one that
/// can hold null (its bit says it was sent as <c>null</c>).
/// </param>
internal sealed record WireShapeMember(JsonPropertyInfo Property, ulong Bit, bool TracksAbsence)
{
    /// <summary>Gets the member's JSON name, UTF-8 encoded.</summary>
    public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(Property.Name);
}

/// <summary>The tracked members of one record type.</summary>
internal sealed class WireShapeMembers
{
    internal WireShapeMembers(WireShapeMember[] all)
    {
        All = all;
        ValueMembers = [.. all.Where(m => m.TracksAbsence)];
        AbsenceBits = ValueMembers.Aggregate(0UL, (bits, m) => bits | m.Bit);
    }

    /// <summary>Gets every tracked member, in bit order.</summary>
    internal WireShapeMember[] All { get; }

    /// <summary>Gets the value-type members, whose absence is recorded.</summary>
    internal WireShapeMember[] ValueMembers { get; }

    /// <summary>Gets the bits of <see cref="ValueMembers"/>.</summary>
    internal ulong AbsenceBits { get; }
}

/// <summary>
/// Sets <see cref="IWireShape.WireShape"/> on a freshly deserialised event by walking its JSON alongside the object
/// graph: for each member sent as <c>null</c>, and each value-type member left out, the owner's bit is set. Only
/// objects and arrays that map to tracked records are entered; everything else is skipped.
/// </summary>
internal static class WireShapeMarker
{
    /// <summary>Marks the wire shape of <paramref name="root"/>, deserialised from <paramref name="json"/>.</summary>
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
        var shape = ClerkJson.ShapeOf(info);
        if (shape is null || target is not IWireShape tracked)
        {
            reader.Skip();
            return;
        }

        var bits = 0UL;
        var unseen = shape.AbsenceBits;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // The name is a slice of the input (still valid after moving on); an escaped name is rare and unescaped here.
            ReadOnlySpan<byte> name = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
            reader.Read();
            if (reader.TokenType is not (JsonTokenType.Null or JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                // A scalar: only a value-type member's presence matters, and only until all of them were seen.
                if (unseen != 0 && Find(name, shape.ValueMembers) is { } present)
                {
                    unseen &= ~present.Bit;
                }

                continue;
            }

            var member = Find(name, shape.All);
            if (member is null || member.TracksAbsence)
            {
                // Unknown (kept in ExtensionData as sent), or a value-type member sent as an object or array (a JSON value).
                unseen &= ~(member?.Bit ?? 0);
                reader.Skip();
                continue;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                bits |= member.Bit;
            }
            else
            {
                MarkValue(ref reader, member.Property.Get?.Invoke(target), ClerkJson.Options.GetTypeInfo(member.Property.PropertyType));
            }
        }

        tracked.WireShape = bits | unseen;
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

    private static WireShapeMember? Find(ReadOnlySpan<byte> name, WireShapeMember[] members)
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
