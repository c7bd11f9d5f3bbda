using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ClerkSync.Cli.Sending;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Tests.Reliability;

/// <summary>One malformed or hostile request: sent with HttpClient, or as raw bytes when HttpClient would refuse it.</summary>
internal sealed record HostileRequest(string Kind, Func<Uri, HttpRequestMessage>? Http, byte[]? RawHead, byte[]? RawBody, TimeSpan Trickle, bool MayGoUnanswered)
{
    /// <summary>Gets a value indicating whether the raw sender half-closes after the body, so that the server sees it end early.</summary>
    public bool HalfClose { get; init; }
}

/// <summary>
/// Generates hostile requests from a seed. None of them may be stored: each is unsigned, signed with another secret,
/// broken at the HTTP level, or signed correctly over a body that is not a Clerk event.
/// </summary>
internal sealed class HostileRequests(string secret, int seed, long maxBodyBytes)
{
    private const string WrongSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    private readonly Random _random = new(seed);
    private readonly byte[] _sample = DeliveryTemplate.FromSample("user.created", SampleCatalog.OfType("user.created")[0].Json).Render(1_716_883_200_000, o => "FUZZ" + o.Length);
    private int _sequence;

    private static long Now => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    public HostileRequest Next()
    {
        var n = _random.Next(100);
        return n switch
        {
            < 12 => MissingHeaders(),
            < 22 => Signed("wrong_secret", _sample, WrongSecret),
            < 30 => BadSignature(),
            < 38 => BadTimestamp(),
            < 44 => BadId(),
            < 56 => Signed("random_body", RandomBytes(_random.Next(0, 4096)), secret),
            < 64 => Signed("not_a_clerk_event", NotAnEvent(), secret),
            < 70 => Signed("non_utf8_body", NonUtf8(), secret),
            < 74 => ContentType(),
            < 76 => Oversized(),
            < 80 => Chunked(),
            < 84 => OversizedHeader(),
            < 90 => RawDuplicatedHeaders(),
            < 96 => RawBrokenFraming(),
            _ => RawBadHeaderBytes(),
        };
    }

    /// <summary>A slow sender: headers at once, then the body a byte at a time.</summary>
    public HostileRequest SlowSender(TimeSpan perByte)
    {
        var body = _sample;
        var (id, ts) = (NewId(), Now);
        var head = Head(("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", WebhookSigner.Sign(WrongSecret, id, ts, body)), ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));
        return new("slow_sender", null, head, body, perByte, MayGoUnanswered: true);
    }

    private string NewId() => "msg_fuzz" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);

    private HostileRequest Signed(string kind, byte[] body, string withSecret, string contentType = "application/json")
    {
        var (id, ts) = (NewId(), Now);
        var signature = WebhookSigner.Sign(withSecret, id, ts, body);
        return Http(kind, body, contentType, ("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", signature));
    }

    private HostileRequest MissingHeaders()
    {
        // Correctly signed, then at least one of the three headers removed or emptied: never a valid delivery.
        var (id, ts) = (NewId(), Now);
        var headers = new List<(string Name, string Value)> { ("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", WebhookSigner.Sign(secret, id, ts, _sample)) };
        var victims = Enumerable.Range(0, 3).Where(_ => _random.Next(3) == 0).DefaultIfEmpty(_random.Next(3)).ToList();
        foreach (var victim in victims.OrderDescending())
        {
            if (_random.Next(3) == 0)
            {
                headers[victim] = (headers[victim].Name, string.Empty);
            }
            else
            {
                headers.RemoveAt(victim);
            }
        }

        return Http("missing_headers", _sample, "application/json", [.. headers]);
    }

    /// <summary>A slowloris: the request line at once, then the headers a byte at a time.</summary>
    public HostileRequest SlowHeaders(TimeSpan perByte)
    {
        var head = Head(("svix-id", NewId()), ("svix-timestamp", "1"), ("svix-signature", "v1,AAAA"), ("Content-Length", "2"));
        var firstLine = Array.IndexOf(head, (byte)'\n') + 1;
        return new("slow_headers", null, head[..firstLine], [.. head[firstLine..], .. "{}"u8], perByte, MayGoUnanswered: true);
    }

    private HostileRequest BadSignature()
    {
        string[] values = ["v1,!!!notbase64!!!", "v1,", ",", "v1", "v2,AAAA", "v1a,AAAA", new string(' ', 200), "v1,====", "v1," + Convert.ToBase64String(RandomBytes(32)), string.Join(' ', Enumerable.Repeat("v1,AAAA", 200)), "v1," + new string('A', 5000), "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE"];
        var (id, ts) = (NewId(), Now);
        return Http("bad_signature", _sample, "application/json", ("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", values[_random.Next(values.Length)]));
    }

    private HostileRequest BadTimestamp()
    {
        string[] values = ["abc", "-1", "1.5", "+1716883200", " 1716883200", "99999999999999999999999", "0", "1716883200000", (Now - 3600).ToString(CultureInfo.InvariantCulture), (Now + 3600).ToString(CultureInfo.InvariantCulture), "2026-01-01T00:00:00Z", "0x10"];
        var id = NewId();
        var ts = values[_random.Next(values.Length)];
        var signature = long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? WebhookSigner.Sign(secret, id, parsed, _sample) : "v1,AAAA";
        return Http("bad_timestamp", _sample, "application/json", ("svix-id", id), ("svix-timestamp", ts), ("svix-signature", signature));
    }

    private HostileRequest BadId()
    {
        var ts = Now;
        var id = _random.Next(2) == 0 ? "msg_" + new string('x', 300 + _random.Next(8000)) : "msg_" + Convert.ToHexString(RandomBytes(8)) + "\t";
        return Http("bad_id", _sample, "application/json", ("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", WebhookSigner.Sign(secret, id, ts, _sample)));
    }

    private byte[] NotAnEvent()
    {
        string[] bodies =
        [
            "", "null", "[]", "[1,2,3]", "\"user.created\"", "{}", "{\"type\":1,\"timestamp\":1}", "{\"type\":\"user.created\"}",
            "{\"type\":\"user.created\",\"timestamp\":\"now\"}", "{\"type\":\"user.created\",\"timestamp\":1.5}", "{\"type\":null,\"timestamp\":1}",
            new string('[', 5000) + new string(']', 5000), "{\"type\":\"user.created\",\"timestamp\":1e400}", "{\"a\":" + new string('{', 2000),
        ];
        if (_random.Next(3) == 0)
        {
            // A real event cut short: never valid JSON.
            return _sample[..(_random.Next(1, _sample.Length - 1))];
        }

        return Encoding.UTF8.GetBytes(bodies[_random.Next(bodies.Length)]);
    }

    private byte[] NonUtf8()
    {
        var body = (byte[])_sample.Clone();
        for (var i = 0; i < 1 + _random.Next(5); i++)
        {
            body[_random.Next(body.Length)] = (byte)(0x80 + _random.Next(0x80));
        }

        // Keep it invalid whatever the random bytes: a lone continuation byte inside the first string.
        body[2] = 0xC3;
        body[3] = 0x28;
        return body;
    }

    private HostileRequest ContentType()
    {
        string?[] types = [null, "text/plain", "application/x-www-form-urlencoded", "application/jsonx", "multipart/form-data; boundary=x", "application/xml"];
        var (id, ts) = (NewId(), Now);
        return Http("content_type", _sample, types[_random.Next(types.Length)], ("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", WebhookSigner.Sign(secret, id, ts, _sample)));
    }

    private HostileRequest Oversized()
    {
        var body = new byte[maxBodyBytes + 1 + _random.Next(1024 * 1024)];
        body.AsSpan().Fill((byte)'a');
        var (id, ts) = (NewId(), Now);
        return HttpMayReset("body_over_limit", body, "application/json", ("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", WebhookSigner.Sign(secret, id, ts, body)));
    }

    private HostileRequest Chunked()
    {
        var oversized = _random.Next(4) == 0;
        var body = oversized ? new byte[maxBodyBytes + 10] : RandomBytes(_random.Next(1, 8192));
        var (id, ts) = (NewId(), Now);
        var signature = WebhookSigner.Sign(WrongSecret, id, ts, body);
        return new(oversized ? "chunked_over_limit" : "chunked", uri =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StreamContent(new MemoryStream(body)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = true;
            request.Headers.TryAddWithoutValidation("svix-id", id);
            request.Headers.TryAddWithoutValidation("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("svix-signature", signature);
            return request;
        }, null, null, TimeSpan.Zero, MayGoUnanswered: oversized);
    }

    private HostileRequest OversizedHeader()
    {
        var (id, ts) = (NewId(), Now);
        var huge = new string('A', 40_000 + _random.Next(100_000));
        return _random.Next(2) == 0
            ? HttpMayReset("oversized_header", _sample, "application/json", ("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", "v1," + huge))
            : HttpMayReset("many_headers", _sample, "application/json", [("svix-id", id), .. Enumerable.Range(0, 2000).Select(i => ($"x-fuzz-{i}", "v"))]);
    }

    private HostileRequest RawDuplicatedHeaders()
    {
        var (id, ts) = (NewId(), Now);
        var good = WebhookSigner.Sign(secret, id, ts, _sample);
        var head = _random.Next(3) switch
        {
            0 => Head(("svix-id", id), ("svix-id", NewId()), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", good), ("Content-Length", _sample.Length.ToString(CultureInfo.InvariantCulture))),
            1 => Head(("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-timestamp", (ts + 1).ToString(CultureInfo.InvariantCulture)), ("svix-signature", good), ("Content-Length", _sample.Length.ToString(CultureInfo.InvariantCulture))),
            _ => Head(("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", "v1,AAAA"), ("svix-signature", good), ("svix-id", id + "x"), ("Content-Length", _sample.Length.ToString(CultureInfo.InvariantCulture))),
        };
        return new("duplicated_headers", null, head, _sample, TimeSpan.Zero, MayGoUnanswered: false);
    }

    private HostileRequest RawBrokenFraming()
    {
        var (id, ts) = (NewId(), Now);
        var signed = (("svix-id", id), ("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", WebhookSigner.Sign(secret, id, ts, _sample)));
        var (a, b, c) = signed;
        return _random.Next(6) switch
        {
            // Content-Length larger than what is sent, then the half-close: a truncated body.
            0 => new("truncated_body", null, Head(a, b, c, ("Content-Length", (_sample.Length + 100).ToString(CultureInfo.InvariantCulture))), _sample, TimeSpan.Zero, MayGoUnanswered: true) { HalfClose = true },
            1 => new("bad_content_length", null, Head(a, b, c, ("Content-Length", "-5")), _sample, TimeSpan.Zero, MayGoUnanswered: true),
            2 => new("two_content_lengths", null, Head(a, b, c, ("Content-Length", "10"), ("Content-Length", "20")), _sample, TimeSpan.Zero, MayGoUnanswered: true),
            3 => new("chunked_and_length", null, Head(a, b, c, ("Content-Length", "10"), ("Transfer-Encoding", "chunked")), Encoding.ASCII.GetBytes("5\r\nhello\r\n0\r\n\r\n"), TimeSpan.Zero, MayGoUnanswered: true),
            4 => new("bad_chunking", null, Head(a, b, c, ("Transfer-Encoding", "chunked")), Encoding.ASCII.GetBytes("zz\r\nhello\r\n"), TimeSpan.Zero, MayGoUnanswered: true),
            _ => new("garbage_request_line", null, [.. RandomBytes(_random.Next(1, 200)), .. "\r\n\r\n"u8], [], TimeSpan.Zero, MayGoUnanswered: true),
        };
    }

    private HostileRequest RawBadHeaderBytes()
    {
        var ts = Now;
        var value = _random.Next(3) switch
        {
            0 => new byte[] { (byte)'m', (byte)'s', (byte)'g', 0x00, (byte)'x' },
            1 => [.. "msg_"u8, 0xC3, 0xA9, 0xFF, 0xFE],
            _ => [.. "msg_"u8, 0x01, 0x02, 0x7F],
        };
        var head = new List<byte>();
        head.AddRange(Head(("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("svix-signature", "v1,AAAA"), ("Content-Length", _sample.Length.ToString(CultureInfo.InvariantCulture)))[..^2]);
        head.AddRange("svix-id: "u8.ToArray());
        head.AddRange(value);
        head.AddRange("\r\n\r\n"u8.ToArray());
        return new("bad_header_bytes", null, [.. head], _sample, TimeSpan.Zero, MayGoUnanswered: true);
    }

    /// <summary>A request the server may answer and close before it is fully sent, so the client can see a reset instead.</summary>
    private static HostileRequest HttpMayReset(string kind, byte[] body, string? contentType, params (string Name, string Value)[] headers) =>
        Http(kind, body, contentType, headers) with { MayGoUnanswered = true };

    private static HostileRequest Http(string kind, byte[] body, string? contentType, params (string Name, string Value)[] headers) =>
        new(kind, uri =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return request;
        }, null, null, TimeSpan.Zero, MayGoUnanswered: false);

    private static byte[] Head(params (string Name, string Value)[] headers)
    {
        var text = new StringBuilder("POST /api/webhooks/clerk HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return Encoding.Latin1.GetBytes(text.Append("\r\n").ToString());
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
