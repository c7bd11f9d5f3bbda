using System.Globalization;
using System.Text;
using ClerkSync.Webhooks;

namespace ClerkSync.Webhooks.Tests.Interop;

/// <summary>
/// Where ClerkSync deliberately answers differently from the reference libraries; each case is a row of the table in
/// docs/verification.md, which gives the why. A test here failing because the verdicts now agree means a reference
/// library changed: update the table.
/// </summary>
public sealed class DeliberateDifferenceTests(NodeOracle oracle) : IClassFixture<NodeOracle>
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"user.created\"}");

    public static TheoryData<string> Libraries => [NodeOracle.StandardWebhooks, NodeOracle.Svix];

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static Dictionary<string, string> Headers(string id, string timestamp, string signature, string family = "webhook") => new()
    {
        [family + "-id"] = id,
        [family + "-timestamp"] = timestamp,
        [family + "-signature"] = signature,
    };

    private static Verdict Ours(string secret, IReadOnlyDictionary<string, string> headers, byte[]? body = null) =>
        Verdicts.Of(new WebhookVerifier([secret], timeProvider: TimeProvider.System).Verify(body ?? Body, headers.GetValueOrDefault));

    private async Task<Verdict> TheirsAsync(string library, string secret, IReadOnlyDictionary<string, string> headers, byte[]? body = null) =>
        Verdicts.Of(await oracle.VerifyAsync(library, [secret], headers, body ?? Body));

    private async Task AssertDifferenceAsync(string library, string id, string timestampHeader, long signedTimestamp, Verdict ours, Verdict theirs)
    {
        var secret = WebhookSecret.Generate();
        var headers = Headers(id, timestampHeader, WebhookSigner.Sign(secret, id, signedTimestamp, Body));
        await AssertSecretDifferenceAsync(library, secret, headers, ours, theirs);
    }

    [Theory]
    [InlineData(NodeOracle.StandardWebhooks, "{0}abc")]
    [InlineData(NodeOracle.Svix, "{0}abc")]
    [InlineData(NodeOracle.Svix, "{0}.5")]
    [InlineData(NodeOracle.Svix, "{0}e3")]
    [InlineData(NodeOracle.StandardWebhooks, " {0}")]
    [InlineData(NodeOracle.Svix, "+{0}")]
    [InlineData(NodeOracle.Svix, "\t{0}")]
    public Task Timestamp_SignWhitespaceOrTrailingNonDigits_NodeParseIntAcceptsClerkSyncRejects(string library, string format)
    {
        var now = Now;
        return AssertDifferenceAsync(library, "msg_ts_text", string.Format(CultureInfo.InvariantCulture, format, now), now, Verdict.InvalidTimestamp, Verdict.Valid);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public Task Timestamp_MoreThanEighteenDigitsWithLeadingZeros_NodeAcceptsClerkSyncRejects(string library)
    {
        var now = Now;
        return AssertDifferenceAsync(library, "msg_ts_zeros", now.ToString(CultureInfo.InvariantCulture).PadLeft(24, '0'), now, Verdict.InvalidTimestamp, Verdict.Valid);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public Task MessageId_LongerThanCap_NodeAcceptsClerkSyncRejects(string library)
    {
        var now = Now;
        var id = "msg_" + new string('x', WebhookVerifier.MaxWebhookIdLength);
        return AssertDifferenceAsync(library, id, now.ToString(CultureInfo.InvariantCulture), now, Verdict.InvalidMessageId, Verdict.Valid);
    }

    [Theory]
    [InlineData(NodeOracle.StandardWebhooks, "msg_\u0001abc")]
    [InlineData(NodeOracle.Svix, "msg_\tabc")]
    [InlineData(NodeOracle.Svix, "msg_abc\n")]
    public Task MessageId_ControlCharacter_NodeAcceptsClerkSyncRejects(string library, string id)
    {
        var now = Now;
        return AssertDifferenceAsync(library, id, now.ToString(CultureInfo.InvariantCulture), now, Verdict.InvalidMessageId, Verdict.Valid);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public Task SignatureEntries_ValidEntryPastTheCap_NodeAcceptsClerkSyncRejects(string library)
    {
        var now = Now;
        var secret = WebhookSecret.Generate();
        var valid = WebhookSigner.Sign(secret, "msg_cap", now, Body);
        var header = string.Join(' ', Enumerable.Repeat("v1,bm9wZQ==", WebhookVerifier.MaxSignatureEntries).Append(valid));
        return AssertSecretDifferenceAsync(library, secret, Headers("msg_cap", now.ToString(CultureInfo.InvariantCulture), header), Verdict.NoMatchingSignature, Verdict.Valid);
    }

    [Fact]
    public async Task Headers_SvixFamily_StandardwebhooksMissingHeadersClerkSyncAndSvixAccept()
    {
        var now = Now;
        var secret = WebhookSecret.Generate();
        var headers = Headers("msg_family", now.ToString(CultureInfo.InvariantCulture), WebhookSigner.Sign(secret, "msg_family", now, Body), "svix");
        Assert.Equal(Verdict.Valid, Ours(secret, headers));
        Assert.Equal(Verdict.Valid, await TheirsAsync(NodeOracle.Svix, secret, headers));
        Assert.Equal(Verdict.MissingHeader, await TheirsAsync(NodeOracle.StandardWebhooks, secret, headers));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Body_InvalidUtf8_ClerkSyncSignsRawBytesNodeSignsDecodedText(string library)
    {
        var now = Now;
        var secret = WebhookSecret.Generate();
        byte[] body = [.. Body[..^1], 0xFF, 0xC3, (byte)'}'];
        var ts = now.ToString(CultureInfo.InvariantCulture);

        // ClerkSync's signature covers the raw bytes; the library decodes the Buffer as UTF-8 (U+FFFD for bad bytes) first.
        var oursSigned = Headers("msg_utf8", ts, WebhookSigner.Sign(secret, "msg_utf8", now, body));
        Assert.Equal(Verdict.Valid, Ours(secret, oursSigned, body));
        Assert.Equal(Verdict.NoMatchingSignature, await TheirsAsync(library, secret, oursSigned, body));

        var theirsSigned = Headers("msg_utf8", ts, await oracle.SignAsync(library, secret, "msg_utf8", now, body));
        Assert.Equal(Verdict.NoMatchingSignature, Ours(secret, theirsSigned, body));
        Assert.Equal(Verdict.Valid, await TheirsAsync(library, secret, theirsSigned, body));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Secret_SurroundingWhitespace_ClerkSyncTrimsNodeRejects(string library)
    {
        var now = Now;
        var secret = WebhookSecret.Generate();
        var padded = " " + secret + "\n";
        var headers = Headers("msg_secret", now.ToString(CultureInfo.InvariantCulture), WebhookSigner.Sign(secret, "msg_secret", now, Body));
        Assert.Equal(Verdict.Valid, Ours(padded, headers));
        var error = await oracle.VerifyAsync(library, [padded], headers, Body);
        Assert.NotNull(error);
        Assert.Equal(Verdict.Other, Verdicts.Of(error));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Secret_KeyShorterThanTheSpecsMinimum_NodeVerifiesClerkSyncRefusesAtConstruction(string library)
    {
        // A 16-byte key (padded: the Node libraries refuse unpadded base64 such as whsec_abc, a 2-byte key).
        var secret = WebhookSecret.Prefix + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var now = Now;
        var headers = Headers("msg_short_key", now.ToString(CultureInfo.InvariantCulture), await oracle.SignAsync(library, secret, "msg_short_key", now, Body));

        Assert.Equal(Verdict.Valid, await TheirsAsync(library, secret, headers));
        var error = Assert.Throws<ArgumentException>(() => new WebhookVerifier([secret]));
        Assert.Contains("16-byte key", error.Message, StringComparison.Ordinal);
    }

    private async Task AssertSecretDifferenceAsync(string library, string secret, Dictionary<string, string> headers, Verdict ours, Verdict theirs)
    {
        Assert.Equal(ours, Ours(secret, headers));
        Assert.Equal(theirs, await TheirsAsync(library, secret, headers));
    }
}
