using System.Text;
using System.Text.Json;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Tests.Support;

/// <summary>Builds real signed captures for the verify tests.</summary>
internal static class Signed
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string OtherSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    public const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";

    /// <summary>A compact user.created body as Clerk sends it.</summary>
    public static byte[] UserCreatedBody() => Compact(File.ReadAllBytes(Path.Combine(TestKit.RepositoryPaths.Resources, "user.created", "openapi.json")));

    public static byte[] Compact(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    public static string Sign(byte[] body, long timestamp, string secret = Secret, string id = MessageId) =>
        WebhookSigner.Sign(secret, id, timestamp, body);

    /// <summary>A capture file's JSON: headers and the body as a string (or base64).</summary>
    public static string Capture(IReadOnlyDictionary<string, object> headers, byte[] body, bool base64 = false)
    {
        var capture = new Dictionary<string, object> { ["headers"] = headers };
        if (base64)
        {
            capture["body_base64"] = Convert.ToBase64String(body);
        }
        else
        {
            capture["body"] = Encoding.UTF8.GetString(body);
        }

        return JsonSerializer.Serialize(capture);
    }

    public static Dictionary<string, object> Headers(long timestamp, string signature, string id = MessageId) => new()
    {
        ["svix-id"] = id,
        ["svix-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["svix-signature"] = signature,
    };
}
