using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClerkSync.Cli.Diagnostics;

/// <summary>How one JSON serialiser writes a document: separators, indentation and which characters it escapes.</summary>
internal sealed record JsonStyle(string Name, string Description, int Indent, bool SpacedSeparators, bool EscapeNonAscii, bool EscapeHtml, bool UpperHex)
{
    /// <summary>Go's encoding/json, which produces Clerk's payloads: compact, <c>&lt; &gt; &amp;</c> as <c>\u003c</c>.</summary>
    public static readonly JsonStyle Go = new("go", "compact JSON as Clerk sends it", 0, false, false, true, false);

    /// <summary>JavaScript's <c>JSON.stringify(body)</c>: compact, only quotes, backslashes and control characters escaped.</summary>
    public static readonly JsonStyle JavaScript = new("javascript", "compact JSON as JSON.stringify writes it", 0, false, false, false, false);

    /// <summary>System.Text.Json's default encoder: compact, non-ASCII and HTML characters escaped in upper-case hex.</summary>
    public static readonly JsonStyle DotNet = new("dotnet", "compact JSON as System.Text.Json writes it", 0, false, true, true, true);

    /// <summary>Python's <c>json.dumps(body)</c>: <c>", "</c> and <c>": "</c> separators, non-ASCII escaped.</summary>
    public static readonly JsonStyle Python = new("python", "JSON as Python's json.dumps writes it", 0, true, true, false, false);

    /// <summary>Two-space indentation, as <c>JSON.stringify(body, null, 2)</c> writes it.</summary>
    public static readonly JsonStyle Indented = new("indented", "JSON indented with two spaces", 2, true, false, false, false);

    public static IReadOnlyList<JsonStyle> All { get; } = [Go, JavaScript, DotNet, Python, Indented];
}

/// <summary>
/// Re-writes a JSON document in another serialiser's style, keeping member order and number text. <c>verify</c> uses it to
/// prove (not guess) that a body was re-serialised: if a restyled body matches the signature, that is what happened.
/// </summary>
internal static class JsonRestyler
{
    public static byte[] Write(JsonElement element, JsonStyle style)
    {
        var text = new StringBuilder();
        Write(text, element, style, 0);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Write(StringBuilder text, JsonElement element, JsonStyle style, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteContainer(text, '{', '}', element.EnumerateObject().Select(p => ((string?)p.Name, p.Value)), style, depth);
                break;
            case JsonValueKind.Array:
                WriteContainer(text, '[', ']', element.EnumerateArray().Select(v => ((string?)null, v)), style, depth);
                break;
            case JsonValueKind.String:
                WriteString(text, element.GetString()!, style);
                break;
            default:
                text.Append(element.GetRawText());
                break;
        }
    }

    private static void WriteContainer(StringBuilder text, char open, char close, IEnumerable<(string? Name, JsonElement Value)> items, JsonStyle style, int depth)
    {
        text.Append(open);
        var first = true;
        foreach (var (name, value) in items)
        {
            if (!first)
            {
                text.Append(style.SpacedSeparators && style.Indent == 0 ? ", " : ",");
            }

            first = false;
            if (style.Indent > 0)
            {
                text.Append('\n').Append(' ', style.Indent * (depth + 1));
            }

            if (name is not null)
            {
                WriteString(text, name, style);
                text.Append(style.SpacedSeparators ? ": " : ":");
            }

            Write(text, value, style, depth + 1);
        }

        if (!first && style.Indent > 0)
        {
            text.Append('\n').Append(' ', style.Indent * depth);
        }

        text.Append(close);
    }

    private static void WriteString(StringBuilder text, string value, JsonStyle style)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append(style.UpperHex ? "\\u0022" : "\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    var escape = c < 0x20
                        || (style.EscapeNonAscii && c > 0x7e)
                        || (style.EscapeHtml && c is '<' or '>' or '&' or '\u2028' or '\u2029')
                        || (style.UpperHex && c is '\'' or '+' or '`');
                    if (escape)
                    {
                        text.Append("\\u").Append(((int)c).ToString(style.UpperHex ? "X4" : "x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }
}
