using System.Text.Encodings.Web;
using System.Text.Json;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>
/// Renders a stored body as pretty-printed, HTML-encoded JSON with personal fields masked (issue #13). A masked value
/// is never written to the page, not even hidden: revealing it is a new server render after an authorized POST.
/// </summary>
internal static class PayloadView
{
    /// <summary>The mask shown in place of a personal value.</summary>
    public const string Mask = "••••••";

    // Members that hold personal data in Clerk's payloads: names, emails, phone numbers, identifiers, pictures,
    // network details, message bodies and the metadata apps fill freely. Keys are matched in any object.
    private static readonly HashSet<string> PersonalKeys = new(StringComparer.Ordinal)
    {
        "first_name", "last_name", "username", "identifier", "email", "email_address", "phone_number", "web3_wallet",
        "to_email_address", "from_email_address", "to_phone_number", "from_phone_number", "affiliation_email_address",
        "image_url", "profile_image_url", "ip_address", "client_ip", "city", "user_agent", "body", "body_plain",
        "private_metadata", "unsafe_metadata",
    };

    /// <summary>Returns whether a member's value is personal data (masked until revealed).</summary>
    public static bool IsPersonal(string key) =>
        PersonalKeys.Contains(key) || key.EndsWith("_email_address", StringComparison.Ordinal) || key.EndsWith("_phone_number", StringComparison.Ordinal);

    /// <summary>Writes <paramref name="body"/> into <paramref name="html"/>; returns how many values were masked.</summary>
    public static int Render(Html html, ReadOnlyMemory<byte> body, bool reveal)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // Bodies are verified JSON objects; a row that is not is shown by size only, never as raw bytes.
            html.Add($"<span class=\"masked\">(not JSON: {body.Length} bytes)</span>");
            return 0;
        }

        using (document)
        {
            var masked = 0;
            Write(html, document.RootElement, 0, reveal, ref masked);
            return masked;
        }
    }

    private static void Write(Html html, JsonElement element, int depth, bool reveal, ref int masked)
    {
        var indent = new string(' ', (depth + 1) * 2);
        var closing = new string(' ', depth * 2);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (!element.EnumerateObject().Any())
                {
                    html.Add($"{{}}");
                    return;
                }

                html.Add($"{{\n");
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    html.Add($"{(first ? string.Empty : ",\n")}{indent}<span class=\"k\">{JsonString(property.Name)}</span>: ");
                    first = false;
                    if (!reveal && property.Value.ValueKind is not JsonValueKind.Null && IsPersonal(property.Name))
                    {
                        masked++;
                        html.Add($"<span class=\"masked\" data-masked=\"{property.Name}\">{Mask}</span>");
                    }
                    else
                    {
                        Write(html, property.Value, depth + 1, reveal, ref masked);
                    }
                }

                html.Add($"\n{closing}}}");
                return;
            case JsonValueKind.Array:
                if (element.GetArrayLength() == 0)
                {
                    html.Add($"[]");
                    return;
                }

                html.Add($"[\n");
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    html.Add($"{(index++ == 0 ? string.Empty : ",\n")}{indent}");
                    Write(html, item, depth + 1, reveal, ref masked);
                }

                html.Add($"\n{closing}]");
                return;
            case JsonValueKind.String:
                html.Add($"<span class=\"s\">{JsonString(element.GetString()!)}</span>");
                return;
            case JsonValueKind.Number:
                html.Add($"<span class=\"n\">{element.GetRawText()}</span>");
                return;
            default:
                html.Add($"<span class=\"b\">{element.GetRawText()}</span>");
                return;
        }
    }

    private static string JsonString(string value) =>
        "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value + "\"";
}
