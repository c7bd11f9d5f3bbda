using System.Globalization;
using ClerkSync.Webhooks;

namespace ClerkSync.Webhooks.Tests.Verification;

/// <summary>Rotation, header families, malformed input and the messages a person reads.</summary>
public sealed class WebhookVerifierTests
{
    private static string OtherSignature() => Signed.Create().Signature;

    [Fact]
    public void Verify_TwoSecretsDuringRotation_EitherSecretMatches()
    {
        string oldSecret = WebhookSecret.Generate(), newSecret = WebhookSecret.Generate();
        var verifier = Signed.Verifier(oldSecret, newSecret);
        Assert.True(Signed.Create(oldSecret).VerifyWith(verifier).IsValid);
        Assert.True(Signed.Create(newSecret).VerifyWith(verifier).IsValid);
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, Signed.Create().VerifyWith(verifier).Failure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Verify_SeveralSignaturesInHeader_AnyMatchWins(int position)
    {
        var signed = Signed.Create();
        var entries = new List<string> { OtherSignature(), OtherSignature() };
        entries.Insert(position, signed.Signature);
        var result = signed.Verify(string.Join(' ', entries));
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(position + 1, result.SignaturesTried);
    }

    [Fact]
    public void Verify_RotationHeaderWithTwoSecrets_MatchesOldAndNewSignatures()
    {
        string oldSecret = WebhookSecret.Generate(), newSecret = WebhookSecret.Generate();
        var signedOld = Signed.Create(oldSecret);
        var signedNew = Signed.Create(newSecret);
        var header = signedOld.Signature + " " + signedNew.Signature;
        Assert.True(signedOld.VerifyWith(Signed.Verifier(newSecret), header).IsValid);
        Assert.True(signedOld.VerifyWith(Signed.Verifier(oldSecret), header).IsValid);
    }

    [Theory]
    [InlineData("svix")]
    [InlineData("webhook")]
    public void Verify_HeaderFamily_IsValid(string family)
    {
        var signed = Signed.Create();
        var headers = signed.Headers(family);
        Assert.True(Signed.Verifier(signed.Secret).Verify(signed.Body, headers.GetValueOrDefault).IsValid);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("timestamp")]
    [InlineData("signature")]
    public void Verify_OneSvixHeaderReplacedByItsWebhookTwin_FallsBackPerHeader(string name)
    {
        var signed = Signed.Create();
        var headers = signed.Headers();
        headers["webhook-" + name] = headers["svix-" + name];
        headers.Remove("svix-" + name);
        Assert.True(Signed.Verifier(signed.Secret).Verify(signed.Body, headers.GetValueOrDefault).IsValid);
    }

    [Fact]
    public void Verify_SvixAndWebhookHeadersDisagree_SvixWins()
    {
        var signed = Signed.Create();
        var headers = signed.Headers();
        headers["webhook-signature"] = OtherSignature();
        headers["webhook-id"] = "msg_other";
        Assert.True(Signed.Verifier(signed.Secret).Verify(signed.Body, headers.GetValueOrDefault).IsValid);
    }

    [Fact]
    public void Verify_EmptySvixHeaderBesideWebhookTwin_NoFallbackLikeSvixLibrary()
    {
        var signed = Signed.Create();
        var headers = signed.Headers("webhook");
        headers["svix-id"] = string.Empty;
        Assert.Equal("svix-id", Signed.Verifier(signed.Secret).Verify(signed.Body, headers.GetValueOrDefault).MissingHeader);
    }

    [Theory]
    [InlineData("svix", "id")]
    [InlineData("svix", "timestamp")]
    [InlineData("svix", "signature")]
    [InlineData("webhook", "id")]
    [InlineData("webhook", "timestamp")]
    [InlineData("webhook", "signature")]
    public void Verify_HeaderMissing_MissingHeadersNamesIt(string family, string name)
    {
        var signed = Signed.Create();
        foreach (var value in new string?[] { null, string.Empty })
        {
            var headers = signed.Headers(family);
            if (value is null)
            {
                headers.Remove($"{family}-{name}");
            }
            else
            {
                headers[$"{family}-{name}"] = value;
            }

            var result = Signed.Verifier(signed.Secret).Verify(signed.Body, headers.GetValueOrDefault);
            Assert.Equal(WebhookVerificationFailure.MissingHeaders, result.Failure);
            Assert.Equal("svix-" + name, result.MissingHeader);
            Assert.Contains("svix-" + name, result.Message, StringComparison.Ordinal);
            Assert.Equal("missing_headers", result.Code);
        }
    }

    [Theory]
    [InlineData("+{0}")]
    [InlineData("-{0}")]
    [InlineData(" {0}")]
    [InlineData("{0} ")]
    [InlineData("{0}abc")]
    [InlineData("abc")]
    [InlineData("{0}.0")]
    [InlineData("1e9")]
    [InlineData("0x6553f100")]
    [InlineData("９{0}")]
    [InlineData("9999999999999999999")]
    [InlineData("99999999999999999999999999")]
    public void Verify_TimestampNotDigitsOnly_InvalidTimestamp(string format)
    {
        var signed = Signed.Create();
        var result = signed.Verify(timestamp: string.Format(CultureInfo.InvariantCulture, format, signed.Timestamp));
        Assert.Equal(WebhookVerificationFailure.InvalidTimestamp, result.Failure);
        Assert.Null(result.UnixTimestamp);
        Assert.Contains("svix-timestamp", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TimestampWithLeadingZero_SignsTheNumber()
    {
        var signed = Signed.Create();
        Assert.True(signed.Verify(timestamp: "0" + signed.TimestampText).IsValid);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData(",abc")]
    [InlineData("garbage")]
    [InlineData(",")]
    public void Verify_MalformedEntryBeforeValidOne_SkippedAndValidMatches(string malformed)
    {
        var signed = Signed.Create();
        var result = signed.Verify(malformed + " " + signed.Signature);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(1, result.EntriesSkipped);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData(",abc")]
    [InlineData("garbage")]
    [InlineData("   ")]
    public void Verify_OnlyMalformedEntries_MalformedSignatureHeader(string header)
    {
        var result = Signed.Create().Verify(header + " " + header);
        Assert.Equal(WebhookVerificationFailure.MalformedSignatureHeader, result.Failure);
        Assert.Contains("v1,<base64>", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UnknownVersionsSkipped_ValidV1Matches()
    {
        var signed = Signed.Create();
        var value = signed.Signature["v1,".Length..];
        var result = signed.Verify($"v2,{value} v1b,{value} V1,{value} {signed.Signature}");
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(3, result.EntriesSkipped);
        Assert.Equal(1, result.SignaturesTried);
    }

    [Fact]
    public void Verify_OnlyUnknownVersions_NoMatchingSignatureSayingNoSupportedVersion()
    {
        var signed = Signed.Create();
        var result = signed.Verify("v2," + signed.Signature["v1,".Length..]);
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
        Assert.Equal(0, result.SignaturesTried);
        Assert.Equal(1, result.EntriesSkipped);
        Assert.Contains("supports", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1,{0},extra")]
    public void Verify_EntryWithTrailingComma_ComparesFirstValueLikeReferenceLibraries(string format)
    {
        var signed = Signed.Create();
        Assert.True(signed.Verify(string.Format(CultureInfo.InvariantCulture, format, signed.Signature["v1,".Length..])).IsValid);
    }

    [Fact]
    public void Verify_UnpaddedSignature_NoMatchingSignature()
    {
        var signed = Signed.Create();
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, signed.Verify(signed.Signature.TrimEnd('=')).Failure);
    }

    [Fact]
    public void Verify_ValidEntryAtTheCap_Matches()
    {
        var signed = Signed.Create();
        var entries = Enumerable.Range(0, WebhookVerifier.MaxSignatureEntries - 1).Select(_ => "v1,bm9wZQ==").Append(signed.Signature);
        Assert.True(signed.Verify(string.Join(' ', entries)).IsValid);
    }

    [Fact]
    public void Verify_ValidEntryPastTheCap_SkippedAndNoMatch()
    {
        var signed = Signed.Create();
        var entries = Enumerable.Range(0, WebhookVerifier.MaxSignatureEntries).Select(_ => "v1,bm9wZQ==").Append(signed.Signature);
        var result = signed.Verify(string.Join(' ', entries));
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
        Assert.Equal(WebhookVerifier.MaxSignatureEntries, result.SignaturesTried);
        Assert.Equal(1, result.EntriesSkipped);
    }

    [Theory]
    [InlineData(WebhookVerifier.MaxWebhookIdLength, true)]
    [InlineData(WebhookVerifier.MaxWebhookIdLength + 1, false)]
    public void Verify_MessageIdLength_CappedAtMax(int length, bool valid)
    {
        var id = "msg_" + new string('x', length - 4);
        var result = Signed.Create(id: id).Verify();
        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(WebhookVerificationFailure.InvalidWebhookId, result.Failure);
        }
    }

    [Theory]
    [InlineData("msg_\u0000")]
    [InlineData("msg_\t1")]
    [InlineData("msg_\r\n1")]
    public void Verify_MessageIdWithControlCharacter_InvalidMessageId(string id) =>
        Assert.Equal(WebhookVerificationFailure.InvalidWebhookId, Signed.Create(id: id).Verify().Failure);

    [Fact]
    public void Verify_UnicodeMessageIdOfMaxLength_IsValid() =>
        Assert.True(Signed.Create(id: string.Concat(Enumerable.Repeat("😀", WebhookVerifier.MaxWebhookIdLength / 2))).Verify().IsValid);

    [Fact]
    public void Verify_SignatureFromAnotherSecret_MessageSaysWhatToCheck()
    {
        var signed = Signed.Create();
        var result = signed.VerifyWith(Signed.Verifier(WebhookSecret.Generate()));
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
        Assert.Contains("secret", result.Message, StringComparison.Ordinal);
        Assert.Contains("raw bytes", result.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string?, string?> FailingInputs => new()
    {
        { "missing_headers", string.Empty, null, null },
        { "invalid_message_id", "msg_\u0001", null, null },
        { "invalid_timestamp", null, "12a", null },
        { "timestamp_too_old", null, (Signed.Now - 301).ToString(CultureInfo.InvariantCulture), null },
        { "timestamp_too_new", null, (Signed.Now + 301).ToString(CultureInfo.InvariantCulture), null },
        { "malformed_signature_header", null, null, "garbage" },
        { "no_matching_signature", null, null, "v1,bm9wZQ==" },
    };

    [Theory]
    [MemberData(nameof(FailingInputs))]
    public void Message_EveryFailure_SaysWhatToCheckAndNeverShowsSecretOrSignature(string code, string? id, string? timestamp, string? signature)
    {
        var signed = Signed.Create();
        var result = signed.Verify(signature, timestamp, id);
        Assert.Equal(code, result.Code);
        Assert.Matches("[Cc]heck|clock", result.Message);
        Assert.DoesNotContain(signed.Secret["whsec_".Length..], result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(signed.Signature["v1,".Length..], result.Message, StringComparison.Ordinal);
        Assert.Equal(result.Message, Assert.Throws<WebhookVerificationException>(() => Signed.Verifier(signed.Secret).VerifyOrThrow(signed.Body, name => name switch
        {
            "svix-id" => id ?? signed.Id,
            "svix-timestamp" => timestamp ?? signed.TimestampText,
            "svix-signature" => signature ?? signed.Signature,
            _ => null,
        })).Message);
    }
}
