using System.Globalization;
using System.Text;
using ClerkSync.Webhooks;

namespace ClerkSync.Webhooks.Tests.Interop;

/// <summary>What a random case does to a correctly signed delivery before it is verified.</summary>
public enum Tamper
{
    None,
    BodyByteFlipped,
    IdChanged,
    TimestampChanged,
    SignatureCorrupted,
    IdHeaderDropped,
    TimestampHeaderDropped,
    SignatureHeaderDropped,
    OldTimestamp,
    FutureTimestamp,
    WrongSecret,
}

/// <summary>
/// One random delivery for the interop tests. Stays inside the behaviour both sides share (ids of at most 200
/// characters without control characters, digits-only timestamps, at most a few signature entries, UTF-8 bodies):
/// the deliberate differences have their own named tests.
/// </summary>
internal sealed record InteropCase(int Index, Tamper Tamper, string SignerSecret, string[] VerifierSecrets, string Id, long Timestamp, byte[] Body)
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly string[] IdUnicode = ["é", "ß", "✓", "😀"];
    private static readonly Tamper[] Tampers = Enum.GetValues<Tamper>();

    public override string ToString() => $"case {Index} ({Tamper}, {Body.Length} body bytes, {VerifierSecrets.Length} secrets)";

    /// <summary>Creates case <paramref name="index"/>; the first <paramref name="largeBodies"/> cases carry 1 MiB bodies.</summary>
    public static InteropCase Create(Random random, int index, int largeBodies)
    {
        // Valid cases are over-represented so that every tamper kind is still well covered in 500 cases.
        var tamper = random.Next(3) == 0 ? Tamper.None : Tampers[random.Next(Tampers.Length)];
        var signer = NewSecret(random);
        string[] verifierSecrets = tamper == Tamper.WrongSecret ? [NewSecret(random)] : [signer];
        if (random.Next(3) == 0)
        {
            // A rotation: two secrets configured, in either order.
            verifierSecrets = random.Next(2) == 0 ? [.. verifierSecrets, NewSecret(random)] : [NewSecret(random), .. verifierSecrets];
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var timestamp = tamper switch
        {
            // Within 200 s: both clocks are read moments apart, and the tolerance is 300 s.
            Tamper.OldTimestamp => now - random.Next(400, 10_000_000),
            Tamper.FutureTimestamp => now + random.Next(400, 10_000_000),
            _ => now + random.Next(-200, 201),
        };

        var body = index < largeBodies ? LargeBody(random) : RandomBody(random);
        return new(index, tamper, signer, verifierSecrets, NewId(random), timestamp, body);
    }

    /// <summary>The delivery as sent: the signature header (with decoys around the valid entry) and tampering applied.</summary>
    public (Dictionary<string, string> Headers, byte[] Body) Deliver(Random random, string signature, string library)
    {
        var entries = new List<string>();
        for (var i = random.Next(4) == 0 ? random.Next(1, 5) : 0; i > 0; i--)
        {
            entries.Add(Decoy(random));
        }

        var valid = Tamper == Tamper.SignatureCorrupted ? Corrupt(random, signature) : signature;
        entries.Insert(random.Next(entries.Count + 1), valid);

        var id = Tamper == Tamper.IdChanged ? Id + IdAlphabet[random.Next(IdAlphabet.Length)] : Id;
        var timestamp = Tamper == Tamper.TimestampChanged ? Timestamp + (random.Next(2) == 0 ? 1 : -1) : Timestamp;
        var body = Body;
        if (Tamper == Tamper.BodyByteFlipped)
        {
            body = Body.Length == 0 ? [(byte)' '] : (byte[])Body.Clone();
            if (Body.Length > 0)
            {
                // Flipping the lowest bit keeps ASCII as ASCII, so the body stays valid UTF-8 (see the invalid UTF-8 difference).
                body[random.Next(body.Length)] ^= 1;
            }
        }

        var values = new Dictionary<string, string>
        {
            ["id"] = id,
            ["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["signature"] = string.Join(' ', entries),
        };
        var dropped = Tamper switch
        {
            Tamper.IdHeaderDropped => "id",
            Tamper.TimestampHeaderDropped => "timestamp",
            Tamper.SignatureHeaderDropped => "signature",
            _ => null,
        };

        var headers = new Dictionary<string, string>();
        foreach (var (name, value) in values)
        {
            if (name != dropped)
            {
                // standardwebhooks reads webhook-* only; svix and ClerkSync fall back per header, so mix the families.
                var family = library == NodeOracle.Svix && random.Next(2) == 0 ? "svix" : "webhook";
                headers[$"{family}-{name}"] = value;
            }
        }

        return (headers, body);
    }

    private static string NewSecret(Random random)
    {
        var key = new byte[random.Next(24, 65)];
        random.NextBytes(key);
        var text = Convert.ToBase64String(key);
        if (random.Next(6) == 0)
        {
            text = text.TrimEnd('=');
        }

        return random.Next(2) == 0 ? WebhookSecret.Prefix + text : text;
    }

    private static string NewId(Random random)
    {
        var id = new StringBuilder("msg_");
        var length = random.Next(10) == 0 ? random.Next(1, 190) : 27;
        for (var i = 0; i < length; i++)
        {
            id.Append(random.Next(20) == 0 ? IdUnicode[random.Next(IdUnicode.Length)] : IdAlphabet[random.Next(IdAlphabet.Length)].ToString());
        }

        return id.ToString();
    }

    private static string Decoy(Random random)
    {
        var mac = new byte[32];
        random.NextBytes(mac);
        return random.Next(4) switch
        {
            0 => "v1a," + Convert.ToBase64String([.. mac, .. mac]),
            1 => "v2," + Convert.ToBase64String(mac),
            _ => "v1," + Convert.ToBase64String(mac),
        };
    }

    private static string Corrupt(Random random, string signature)
    {
        var chars = signature.ToCharArray();
        var at = random.Next("v1,".Length, chars.Length - 1);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private static byte[] RandomBody(Random random) => random.Next(12) switch
    {
        0 => [],
        1 => Encoding.UTF8.GetBytes($"{{\"type\":\"user.created\",\"data\":{{\"id\":\"user_{random.Next()}\",\"first_name\":\"{Text(random, 12)}\"}}}}"),
        _ => Encoding.UTF8.GetBytes(Text(random, random.Next(1, 2048))),
    };

    private static byte[] LargeBody(Random random)
    {
        var body = new byte[1 << 20];
        var text = Encoding.UTF8.GetBytes(Text(random, 4096));
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)('a' + (i % 26));
        }

        text.CopyTo(body, random.Next(body.Length - text.Length));
        return body;
    }

    /// <summary>Random text: ASCII, Latin, Greek, CJK, emoji (surrogate pairs) and line breaks; never U+FFFD or a lone surrogate.</summary>
    private static string Text(Random random, int length)
    {
        var text = new StringBuilder(length * 2);
        for (var i = 0; i < length; i++)
        {
            var codePoint = random.Next(8) switch
            {
                0 => random.Next(0xA0, 0x250),
                1 => random.Next(0x391, 0x3CA),
                2 => random.Next(0x4E00, 0x9FA6),
                3 => random.Next(0x1F300, 0x1F650),
                4 => "\r\n\t\"\\"[random.Next(5)],
                _ => random.Next(0x20, 0x7F),
            };
            text.Append(char.ConvertFromUtf32(codePoint));
        }

        return text.ToString();
    }
}
