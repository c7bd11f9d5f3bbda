using System.Text;
using System.Text.Json;

namespace ClerkSync.Cli.Diagnostics;

/// <summary>Thrown when a capture file or its parts cannot be read; exit code 2.</summary>
internal sealed class CaptureFormatException(string message) : Exception(message);

/// <summary>
/// A captured delivery: its headers and the body bytes. The file format (documented in <c>verify --help</c> and
/// docs/cli.md) is <c>{"headers": {"svix-id": "...", "svix-timestamp": "...", "svix-signature": "..."}, "body": "..."}</c>,
/// with <c>"body_base64"</c> instead of <c>"body"</c> for bytes that are not UTF-8 text. A header value may be a string or
/// an array of strings (a repeated header).
/// </summary>
internal sealed class DeliveryCapture
{
    public const string FormatHelp =
        """Capture file: {"headers": {"svix-id": "msg_...", "svix-timestamp": "1716883200", "svix-signature": "v1,..."}, "body": "<the raw body as a JSON string>"}; use "body_base64" instead of "body" for bytes that are not UTF-8.""";

    private static readonly string[] Families = ["svix-", "webhook-"];

    private readonly Dictionary<string, List<string>> _headers;

    private DeliveryCapture(Dictionary<string, List<string>> headers, byte[] body, IReadOnlyList<string> notes)
    {
        _headers = headers;
        Body = body;
        Notes = notes;
    }

    public byte[] Body { get; }

    /// <summary>Gets remarks about the capture itself (for example: the body was stored as parsed JSON, not as a string).</summary>
    public IReadOnlyList<string> Notes { get; }

    public IEnumerable<string> HeaderNames => _headers.Keys;

    public static DeliveryCapture FromParts(string? id, string? timestamp, string? signature, byte[] body)
    {
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("svix-id", id), ("svix-timestamp", timestamp), ("svix-signature", signature)])
        {
            if (value is not null)
            {
                headers[name] = [value];
            }
        }

        return new(headers, body, []);
    }

    public static DeliveryCapture Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new CaptureFormatException($"The capture file is not JSON ({e.Message}). {FormatHelp}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CaptureFormatException($"The capture file must hold a JSON object. {FormatHelp}");
            }

            var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            if (TryGet(root, "headers", out var headerObject))
            {
                if (headerObject.ValueKind != JsonValueKind.Object)
                {
                    throw new CaptureFormatException($"\"headers\" must be an object of header names to values. {FormatHelp}");
                }

                foreach (var header in headerObject.EnumerateObject())
                {
                    var values = headers.TryGetValue(header.Name, out var existing) ? existing : headers[header.Name] = [];
                    switch (header.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            values.Add(header.Value.GetString()!);
                            break;
                        case JsonValueKind.Array:
                            values.AddRange(header.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()));
                            break;
                        case JsonValueKind.Number:
                            values.Add(header.Value.GetRawText());
                            break;
                        default:
                            break;
                    }
                }
            }

            var notes = new List<string>();
            byte[] body;
            if (TryGet(root, "body_base64", out var base64))
            {
                try
                {
                    body = Convert.FromBase64String(base64.GetString() ?? string.Empty);
                }
                catch (Exception e) when (e is FormatException or InvalidOperationException)
                {
                    throw new CaptureFormatException("\"body_base64\" is not a base64 string.");
                }
            }
            else if (TryGet(root, "body", out var bodyElement))
            {
                if (bodyElement.ValueKind == JsonValueKind.String)
                {
                    body = Encoding.UTF8.GetBytes(bodyElement.GetString()!);
                }
                else
                {
                    // A capture tool that stored the parsed body has already lost the exact bytes: compare its text as written.
                    body = Encoding.UTF8.GetBytes(bodyElement.GetRawText());
                    notes.Add("The capture holds the body as parsed JSON, not as a string, so the exact bytes received are lost; its text in the file was used. Capture the raw body as a string (or body_base64).");
                }
            }
            else
            {
                throw new CaptureFormatException($"The capture file has no \"body\" or \"body_base64\". {FormatHelp}");
            }

            return new(headers, body, notes);
        }
    }

    /// <summary>Every value of a header by exact name (case-insensitive).</summary>
    public IReadOnlyList<string> Values(string name) => _headers.TryGetValue(name, out var values) ? values : [];

    /// <summary>
    /// The values of a protocol header (<c>id</c>, <c>timestamp</c>, <c>signature</c>) as the verifier would read them:
    /// <c>svix-{name}</c>, falling back to <c>webhook-{name}</c>; also returns which header name was used.
    /// </summary>
    public (string? HeaderName, IReadOnlyList<string> Values) Protocol(string name)
    {
        foreach (var family in Families)
        {
            var values = Values(family + name);
            if (values.Count > 0 && !string.IsNullOrEmpty(values[0]))
            {
                return (family + name, values);
            }
        }

        return (null, []);
    }

    /// <summary>A header that looks like <c>svix-{name}</c> renamed by a proxy (x- prefix, underscores, other separators).</summary>
    public string? LookAlike(string name) => _headers.Keys.FirstOrDefault(key =>
    {
        var normalized = key.ToLowerInvariant().Replace('_', '-');
        if (normalized.StartsWith("x-", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return Array.Exists(Families, f => normalized == f + name) && !Array.Exists(Families, f => key.Equals(f + name, StringComparison.OrdinalIgnoreCase));
    });

    private static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (property.NameEquals(name) && property.Value.ValueKind != JsonValueKind.Null)
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
