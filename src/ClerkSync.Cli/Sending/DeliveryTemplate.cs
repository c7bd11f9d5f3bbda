using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClerkSync.Cli.Sending;

/// <summary>
/// A payload with holes: the envelope <c>timestamp</c>, <c>data.updated_at</c> and every Clerk object id (but the
/// instance id) are replaced per delivery, so that <c>--count N</c> sends N distinct events. Built once per sample, then
/// rendered by concatenation: cheap enough for a load generator.
/// </summary>
internal sealed partial class DeliveryTemplate
{
    private const string TimeMarker = "@@cs-time@@";
    private const string IdMarker = "@@cs-id-";

    private readonly Segment[] _segments;

    private DeliveryTemplate(string type, Segment[] segments)
    {
        Type = type;
        _segments = segments;
    }

    /// <summary>Gets the event type, for summaries.</summary>
    public string Type { get; }

    /// <summary>Gets the number of distinct object ids replaced per delivery.</summary>
    public int IdSlots => _segments.Count(s => s.Kind == SegmentKind.Id);

    /// <summary>A sample made into a template: compact JSON (as Clerk sends it) with its time and ids replaceable.</summary>
    public static DeliveryTemplate FromSample(string type, ReadOnlySpan<byte> json)
    {
        var root = JsonNode.Parse(json) ?? throw new InvalidOperationException($"The sample for {type} is empty.");
        var ids = new List<(string Prefix, string Original)>();
        Replace(root, ids);
        if (root is JsonObject envelope)
        {
            if (envelope.ContainsKey("timestamp"))
            {
                envelope["timestamp"] = TimeMarker;
            }

            if (envelope["data"] is JsonObject data && data["updated_at"] is JsonValue updated && updated.GetValueKind() == JsonValueKind.Number)
            {
                data["updated_at"] = TimeMarker;
            }
        }

        var text = root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var segments = new List<Segment>();
        var last = 0;
        foreach (Match match in MarkerPattern().Matches(text))
        {
            segments.Add(Segment.Literal(text[last..match.Index]));
            segments.Add(match.Groups["id"].Success
                ? Segment.Id(ids[int.Parse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)].Original)
                : Segment.Time());
            last = match.Index + match.Length;
        }

        segments.Add(Segment.Literal(text[last..]));
        return new(type, [.. segments.Where(s => s.Kind != SegmentKind.Literal || s.Bytes.Length > 0)]);
    }

    /// <summary>A body sent exactly as given (<c>--file</c>): nothing replaced.</summary>
    public static DeliveryTemplate Verbatim(string type, byte[] body) => new(type, [new(SegmentKind.Literal, body, string.Empty)]);

    /// <summary>Writes one delivery's body.</summary>
    /// <param name="eventTimeMs">The envelope timestamp and <c>data.updated_at</c>, unix milliseconds.</param>
    /// <param name="idSuffix">Maps an original id's random part to this delivery's.</param>
    public byte[] Render(long eventTimeMs, Func<string, string> idSuffix)
    {
        using var buffer = new MemoryStream(1024);
        Span<byte> digits = stackalloc byte[20];
        foreach (var segment in _segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Literal:
                    buffer.Write(segment.Bytes);
                    break;
                case SegmentKind.Time:
                    eventTimeMs.TryFormat(digits, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                    buffer.Write(digits[..written]);
                    break;
                default:
                    buffer.Write(Encoding.ASCII.GetBytes(idSuffix(segment.Original)));
                    break;
            }
        }

        return buffer.ToArray();
    }

    private static void Replace(JsonNode? node, List<(string Prefix, string Original)> ids)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && IdValue(value) is { } id)
                    {
                        obj[key] = id.Prefix + IdMarker + Slot(ids, id) + "@@";
                    }
                    else
                    {
                        Replace(child, ids);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && IdValue(value) is { } id)
                    {
                        array[i] = id.Prefix + IdMarker + Slot(ids, id) + "@@";
                    }
                    else
                    {
                        Replace(array[i], ids);
                    }
                }

                break;
            default:
                break;
        }
    }

    private static int Slot(List<(string Prefix, string Original)> ids, (string Prefix, string Original) id)
    {
        var index = ids.IndexOf(id);
        if (index < 0)
        {
            ids.Add(id);
            index = ids.Count - 1;
        }

        return index;
    }

    /// <summary>A Clerk object id such as <c>user_2g7np7Hrk0SN6kj5EDMLDaKNL0S</c>; the instance id stays, as all events come from one instance.</summary>
    private static (string Prefix, string Original)? IdValue(JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.String || value.GetValue<string>() is not { } text)
        {
            return null;
        }

        var match = IdPattern().Match(text);
        return match.Success && match.Groups["prefix"].Value != "ins_" ? (match.Groups["prefix"].Value, text) : null;
    }

    [GeneratedRegex("^(?<prefix>[a-z]+(?:_[a-z]+)*_)(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{16,40}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("\"@@cs-time@@\"|@@cs-id-(?<id>[0-9]+)@@")]
    private static partial Regex MarkerPattern();

    private enum SegmentKind
    {
        Literal,
        Time,
        Id,
    }

    private readonly record struct Segment(SegmentKind Kind, byte[] Bytes, string Original)
    {
        public static Segment Literal(string text) => new(SegmentKind.Literal, Encoding.UTF8.GetBytes(text), string.Empty);

        public static Segment Time() => new(SegmentKind.Time, [], string.Empty);

        public static Segment Id(string original) => new(SegmentKind.Id, [], original);
    }
}
