using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ClerkSync.Cli.Secrets;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Diagnostics;

/// <summary>
/// Explains why a captured delivery verifies or not. Each check runs on its own, so one capture reports every problem:
/// missing headers, the clock skew, which secret matches, and, when none does, whether the body was changed after
/// signing (proved by finding the transformation whose undoing makes the signature match) or the secret is another one.
/// </summary>
internal sealed class DeliveryDiagnoser(TimeProvider timeProvider)
{
    private static readonly TimeSpan Tolerance = WebhookVerifier.DefaultTolerance;

    private static readonly string RawBodyAdvice =
        "Verify the raw request bytes before any parsing: Express express.raw({ type: 'application/json' }), Next.js await req.text(), ASP.NET Core the Request.Body bytes rather than [FromBody]; when testing from a file, send it with curl --data-binary @file.";

    public Diagnosis Diagnose(DeliveryCapture capture, IReadOnlyList<ResolvedSecret> secrets, bool ignoreTimestamp)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(secrets);
        var diagnosis = new Diagnosis();
        foreach (var note in capture.Notes)
        {
            diagnosis.Add(Severity.Warning, "capture_body_parsed", note);
        }

        var id = Header(capture, diagnosis, "id");
        var timestamp = Header(capture, diagnosis, "timestamp");
        var signature = Header(capture, diagnosis, "signature");

        var idUsable = id is not null && CheckMessageId(id, diagnosis);
        var timestampUsable = timestamp is not null && CheckTimestamp(timestamp, diagnosis, ignoreTimestamp);
        if (!idUsable || !timestampUsable || signature is null)
        {
            if (signature is not null)
            {
                diagnosis.Add(Severity.Info, "signature_not_checked", "The signature was not checked: it signs the id and timestamp, so fix those first.");
            }

            return diagnosis;
        }

        CheckSignature(capture.Body, id!, timestamp!, signature, secrets, diagnosis);
        return diagnosis;
    }

    private static string? Header(DeliveryCapture capture, Diagnosis diagnosis, string name)
    {
        var (headerName, values) = capture.Protocol(name);
        if (headerName is null)
        {
            var lookAlike = capture.LookAlike(name);
            diagnosis.Add(Severity.Error, "missing_header", lookAlike is not null
                ? $"The svix-{name} header is missing, but a header named '{lookAlike}' is present: a proxy or capture tool renamed it (nginx drops headers with underscores unless underscores_in_headers is on). Pass it through unchanged as svix-{name}."
                : $"The svix-{name} header is missing (and so is webhook-{name}). Clerk sends svix-id, svix-timestamp and svix-signature with every delivery: check that no proxy, load balancer or framework strips svix-* headers, and that the capture kept every header.");
            return null;
        }

        if (values.Count > 1)
        {
            diagnosis.Add(Severity.Warning, "duplicated_header", $"The {headerName} header appears {values.Count} times; the first value is used. Something between Clerk and here added a copy.");
        }

        return values[0];
    }

    private static bool CheckMessageId(string id, Diagnosis diagnosis)
    {
        diagnosis.MessageId = id;
        if (id.Length > WebhookVerifier.MaxWebhookIdLength || id.AsSpan().ContainsAnyInRange('\0', '\u001f'))
        {
            diagnosis.Add(Severity.Error, "invalid_message_id", $"The svix-id header is longer than {WebhookVerifier.MaxWebhookIdLength} characters or holds control characters; Clerk's ids look like msg_ and 27 letters and digits.");
            return false;
        }

        return true;
    }

    private bool CheckTimestamp(string text, Diagnosis diagnosis, bool ignoreTimestamp)
    {
        if (!TryParseUnixSeconds(text, out var seconds))
        {
            diagnosis.Add(Severity.Error, "invalid_timestamp", text.Contains('-', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal)
                ? "The svix-timestamp header is a date; the protocol sends unix time in seconds (digits only), as Clerk does."
                : $"The svix-timestamp header is not unix time in seconds (digits only, no sign or spaces; it has {text.Length} characters).");
            return false;
        }

        diagnosis.UnixTimestamp = seconds;
        if (seconds >= 100_000_000_000)
        {
            diagnosis.Add(Severity.Error, "invalid_timestamp", "The svix-timestamp header looks like milliseconds; the protocol uses unix seconds. Whatever produced this delivery must divide by 1000 (Clerk's own deliveries use seconds).");
            return false;
        }

        var skew = seconds - timeProvider.GetUtcNow().ToUnixTimeSeconds();
        diagnosis.ClockSkewSeconds = skew;
        var tolerance = (long)Tolerance.TotalSeconds;
        var severity = ignoreTimestamp ? Severity.Warning : Severity.Error;
        var ignoreHint = ignoreTimestamp ? " Ignored (--ignore-timestamp)." : " To check the signature of an old capture anyway, pass --ignore-timestamp.";
        if (skew < -tolerance || skew > tolerance)
        {
            // The receiver's own wording (the 401 body), so that both say the same age and direction.
            diagnosis.Add(severity, skew < 0 ? "timestamp_too_old" : "timestamp_too_new", TimestampSkew.Describe(skew, tolerance) + ignoreHint);
        }
        else
        {
            diagnosis.Add(Severity.Ok, "timestamp_fresh", skew <= 0
                ? $"The timestamp is {TimestampSkew.Seconds(-skew)} old, within the {tolerance}-second tolerance."
                : $"The timestamp is {TimestampSkew.Seconds(skew)} in the future, within the {tolerance}-second tolerance.");
        }

        return true;
    }

    private static void CheckSignature(byte[] body, string id, string timestamp, string signature, IReadOnlyList<ResolvedSecret> secrets, Diagnosis diagnosis)
    {
        // One verifier per secret, its clock pinned to the delivery's timestamp: this checks the signature alone and tells
        // which secret matches.
        var at = new PinnedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture)));
        var verifiers = secrets.Select(s => (Secret: s, Verifier: new WebhookVerifier([s.Secret], timeProvider: at))).ToList();
        var entries = signature.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var results = verifiers.Select(v => (v.Secret, Result: v.Verifier.Verify(body, id, timestamp, signature))).ToList();
        diagnosis.SignaturesTried = results[0].Result.SignaturesTried;
        diagnosis.Secrets.AddRange(results.Select(r => new SecretOutcome(r.Secret.Fingerprint, r.Secret.Source, r.Result.IsValid)));

        var matched = results.Where(r => r.Result.IsValid).Select(r => r.Secret).ToList();
        if (matched.Count > 0)
        {
            var others = results.Where(r => !r.Result.IsValid).Select(r => r.Secret.Describe()).ToList();
            diagnosis.Add(Severity.Ok, "signature_matches", others.Count == 0
                ? $"The signature matches secret {matched[0].Describe()}."
                : $"The signature matches secret {matched[0].Describe()}; {string.Join(", ", others)} {(others.Count == 1 ? "does" : "do")} not.");
            if (entries.Length > 1)
            {
                diagnosis.Add(Severity.Info, "several_signatures", $"The header holds {entries.Length} signatures: after a secret rotation Clerk signs with the old and the new secret for 24 hours.");
            }

            return;
        }

        if (diagnosis.SignaturesTried == 0)
        {
            var versions = entries.Select(e => e.Contains(',', StringComparison.Ordinal) ? e[..e.IndexOf(',', StringComparison.Ordinal)] : null).ToList();
            diagnosis.Add(Severity.Error, "malformed_signature_header", versions.TrueForAll(v => v is null)
                ? $"The svix-signature header holds no 'v1,<base64>' entry: none of its {entries.Length} space-separated entries has a version prefix (a proxy or capture tool may have stripped 'v1,')."
                : $"The svix-signature header holds no v1 (HMAC) entry, only {string.Join(", ", versions.Where(v => v is not null).Distinct())}; v1a entries are ed25519 signatures that need the endpoint's whpk_ public key, not a whsec_ secret.");
            return;
        }

        var secretList = string.Join(", ", secrets.Select(s => s.Describe()));
        foreach (var candidate in Candidates(body))
        {
            var restoredBy = results.Select(r => r.Secret).FirstOrDefault(s => verifiers.First(v => v.Secret == s).Verifier.Verify(candidate.Body, id, timestamp, signature).IsValid);
            if (restoredBy is not null)
            {
                diagnosis.Add(Severity.Error, candidate.Code, $"The body was changed after it was signed: {candidate.Explanation}. Undoing that makes the signature match secret {restoredBy.Describe()}, so the secret is right and the bytes are not. {candidate.Advice}");
                return;
            }
        }

        diagnosis.Add(Severity.Error, "no_matching_signature", $"No signature matched: {diagnosis.SignaturesTried} v1 signature(s) tried against {(secrets.Count == 1 ? "secret" : $"{secrets.Count} secrets:")} {secretList}.");
        var pristine = DescribeBodyShape(body, diagnosis);
        var instance = InstanceId(body);
        var from = instance is null ? string.Empty : $" The delivery comes from Clerk instance {instance}.";
        diagnosis.Add(Severity.Warning, "other_secret", pristine
            ? $"The body looks exactly as Clerk sends it, so it was most likely signed with another secret: one of another endpoint or instance.{from} Each Clerk instance (development, production) and each endpoint has its own Signing Secret: copy the one of the endpoint that sent this delivery (Dashboard, Webhooks, the endpoint, Signing Secret) and compare fingerprints with `clerk-sync secret check`. During a rotation configure both secrets."
            : $"Either the body was changed in a way not recognised (see above), or it was signed with another secret (another endpoint or instance: development and production differ).{from}");
    }

    /// <summary>Reports body oddities that did not explain the mismatch; true when the body looks as Clerk sends it.</summary>
    private static bool DescribeBodyShape(byte[] body, Diagnosis diagnosis)
    {
        var pristine = true;
        if (body.AsSpan().StartsWith(Utf8Bom))
        {
            diagnosis.Add(Severity.Warning, "body_bom", "The body starts with a UTF-8 byte-order mark; Clerk's bodies never do.");
            pristine = false;
        }

        if (body.Length > 0 && body[^1] == '\n')
        {
            diagnosis.Add(Severity.Warning, "body_trailing_newline", "The body ends with a newline; Clerk's bodies do not.");
            pristine = false;
        }

        if (body.AsSpan().IndexOf("\r\n"u8) >= 0)
        {
            diagnosis.Add(Severity.Warning, "body_crlf", "The body has CRLF line ends; Clerk's compact JSON has no line breaks at all.");
            pristine = false;
        }

        if (!Utf8.IsValid(body))
        {
            diagnosis.Add(Severity.Warning, "body_not_utf8", "The body is not valid UTF-8; Clerk's bodies are UTF-8 JSON. It may have been decoded or re-encoded with another character set.");
            return false;
        }

        if (ParseJson(body) is not { } json)
        {
            diagnosis.Add(Severity.Warning, "body_not_json", "The body is not JSON; Clerk's bodies always are. It may be truncated or form-encoded.");
            return false;
        }

        if (body.AsSpan().IndexOf((byte)'\n') >= 0 && body.AsSpan().TrimEnd("\r\n"u8).IndexOf((byte)'\n') >= 0)
        {
            diagnosis.Add(Severity.Warning, "body_looks_reserialized", "The body is indented JSON, and Clerk sends compact JSON, so it looks re-serialised; no common serialiser's compact form of it matches either (member order or number formats may have changed too). " + RawBodyAdvice);
            pristine = false;
        }

        json.Dispose();
        return pristine;
    }

    private sealed record Candidate(string Code, string Explanation, string Advice, byte[] Body);

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Bodies the signed one may have been, each with the change that would turn it into the body at hand.</summary>
    private static IEnumerable<Candidate> Candidates(byte[] body)
    {
        const string FileAdvice = "Keep the body byte for byte: no editor re-save, no text-mode copy, no added newline (send files with curl --data-binary @file).";
        var steps = new List<(string Code, string Explanation, Func<byte[], byte[]> Undo)>();
        if (body.AsSpan().StartsWith(Utf8Bom))
        {
            steps.Add(("body_bom", "a UTF-8 byte-order mark was put in front of it", b => b[Utf8Bom.Length..]));
        }

        if (body.Length > 0 && body[^1] == '\n')
        {
            steps.Add(("body_trailing_newline", "a newline was added at its end (by an editor, echo, or a capture tool)", b => b.AsSpan().TrimEnd("\r\n"u8).ToArray()));
        }

        if (body.AsSpan().IndexOf("\r\n"u8) >= 0)
        {
            steps.Add(("body_crlf", "its line ends were converted from LF to CRLF (Windows line ends, git autocrlf, a text-mode copy)", b => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\r\n", "\n", StringComparison.Ordinal))));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { Convert.ToBase64String(body) };
        foreach (var step in steps)
        {
            if (Fresh(step.Undo(body)) is { } undone)
            {
                yield return new(step.Code, step.Explanation, FileAdvice, undone);
            }
        }

        var normalized = body;
        foreach (var step in steps)
        {
            normalized = step.Undo(normalized);
        }

        if (steps.Count > 1 && Fresh(normalized) is { } all)
        {
            yield return new("body_modified", string.Join("; ", steps.Select(s => s.Explanation)), FileAdvice, all);
        }

        var prefix = steps.Count > 0 ? string.Join("; ", steps.Select(s => s.Explanation)) + "; and " : string.Empty;
        foreach (var (latin1Undo, explanation) in MojibakeUndos(normalized))
        {
            if (Fresh(latin1Undo) is { } undone)
            {
                yield return new("body_encoding", prefix + explanation, "Read the body as bytes, or decode it as UTF-8.", undone);
            }
        }

        using var json = ParseJson(normalized);
        if (json is null)
        {
            yield break;
        }

        var shape = normalized.AsSpan().IndexOf((byte)'\n') >= 0 ? "the body here is indented" : "the body here is written differently (spacing or escapes)";
        foreach (var style in JsonStyle.All)
        {
            if (Fresh(JsonRestyler.Write(json.RootElement, style)) is { } restyled)
            {
                yield return new("body_reserialized", $"{prefix}it was re-serialised: the signed bytes were {style.Description}, {shape}", RawBodyAdvice, restyled);
            }
        }

        byte[]? Fresh(byte[] candidate) => seen.Add(Convert.ToBase64String(candidate)) ? candidate : null;
    }

    private static IEnumerable<(byte[] Body, string Explanation)> MojibakeUndos(byte[] body)
    {
        if (body.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)0x7f) < 0)
        {
            yield break;
        }

        if (Utf8.IsValid(body))
        {
            var text = Encoding.UTF8.GetString(body);
            if (!text.Any(c => c > 0xff))
            {
                // UTF-8 bytes that were read as Latin-1 and written back as UTF-8: "é" became "Ã©".
                yield return (Encoding.Latin1.GetBytes(text), "it was decoded as Latin-1 (or Windows-1252) and re-encoded as UTF-8 (é shows as Ã©)");
            }
        }
        else
        {
            yield return (Encoding.UTF8.GetBytes(Encoding.Latin1.GetString(body)), "it was re-encoded from UTF-8 to Latin-1 (or Windows-1252)");
        }
    }

    private static JsonDocument? ParseJson(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? InstanceId(byte[] body)
    {
        using var json = ParseJson(body);
        return json?.RootElement is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("instance_id", out var instance)
            && instance.ValueKind == JsonValueKind.String
            ? instance.GetString()
            : null;
    }

    private static bool TryParseUnixSeconds(string text, out long value)
    {
        value = 0;
        return text.Length is > 0 and <= 18
            && !text.AsSpan().ContainsAnyExceptInRange('0', '9')
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A clock stopped at one instant: the verifier then checks the signature alone.</summary>
    private sealed class PinnedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
