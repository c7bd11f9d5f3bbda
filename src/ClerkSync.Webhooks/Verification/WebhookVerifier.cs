using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ClerkSync.Webhooks;

/// <summary>
/// Verifies Standard Webhooks (Svix) signatures over the exact bytes received. Thread-safe; create one per set of
/// secrets and share it.
/// </summary>
/// <remarks>
/// HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c> keyed with each configured secret; any of the space-separated
/// <c>v1,</c> entries matching any secret is valid (secret rotation sends two). Unknown versions and malformed entries
/// are skipped, never fatal. The timestamp must be digits only and within the tolerance in both directions. The hot
/// path allocates nothing: the HMAC runs incrementally over a stack-built prefix and the body span.
/// </remarks>
public sealed class WebhookVerifier
{
    /// <summary>The longest delivery id (<c>svix-id</c>) accepted: the id becomes the inbox key.</summary>
    public const int MaxWebhookIdLength = 256;

    /// <summary>At most this many signature entries are examined; the rest are skipped (hostile headers stay cheap).</summary>
    public const int MaxSignatureEntries = 32;

    /// <summary>The default tolerance between the delivery's timestamp and this clock: 5 minutes, in both directions.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The most secrets one verifier holds: a rotation needs two; more only slows every rejection down.</summary>
    public const int MaxSecrets = 8;

    private const int HashSize = 32;
    private const int SignatureBase64Length = 44;

    private readonly byte[][] _keys;
    private readonly IWebhookSignatureScheme[] _schemes;
    private readonly long _toleranceSeconds;
    private readonly TimeProvider _timeProvider;

    // IncrementalHash is not thread-safe but is reusable after GetHashAndReset: one set per thread avoids a
    // per-verification allocation and the native HMAC context set-up that a fresh instance costs.
    private readonly ThreadLocal<IncrementalHash[]> _hmacs;

    /// <summary>Initializes a new instance of the <see cref="WebhookVerifier"/> class.</summary>
    /// <param name="secrets">
    /// One or more signing secrets (<c>whsec_</c> optional, padded or unpadded base64 of a 24- to 64-byte key); several
    /// during a rotation.
    /// </param>
    /// <param name="tolerance">The allowed clock difference; <see cref="DefaultTolerance"/> (5 minutes) when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">No secret, or a secret is not usable (empty, not base64, a key shorter than 24 or longer than 64 bytes). The message never echoes a secret.</exception>
    public WebhookVerifier(IEnumerable<string> secrets, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
        : this(secrets, [], tolerance, timeProvider)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WebhookVerifier"/> class with extra signature schemes (such as <c>v1a</c>).</summary>
    /// <param name="secrets">Symmetric signing secrets; may be empty when <paramref name="schemes"/> is not.</param>
    /// <param name="schemes">Verifiers for other signature versions.</param>
    /// <param name="tolerance">The allowed clock difference; <see cref="DefaultTolerance"/> (5 minutes) when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">Nothing to verify with, or a secret is not usable (empty, not base64, a key shorter than 24 or longer than 64 bytes).</exception>
    public WebhookVerifier(
        IEnumerable<string> secrets,
        IEnumerable<IWebhookSignatureScheme> schemes,
        TimeSpan? tolerance = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(schemes);

        var keys = new List<byte[]>();
        foreach (var secret in secrets)
        {
            if (secret is not null && secret.TrimStart().StartsWith(WebhookSecret.PublicKeyPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Secret #{keys.Count + 1} is a {WebhookSecret.PublicKeyPrefix} public key: v1a (ed25519) verification needs the ClerkSync.Webhooks.Ed25519 package (Ed25519SignatureScheme).",
                    nameof(secrets));
            }

            keys.Add(WebhookSecret.DecodeKey(secret, nameof(secrets)));
        }

        if (keys.Count > MaxSecrets)
        {
            throw new ArgumentException($"At most {MaxSecrets} signing secrets can be configured at once (a rotation needs two).", nameof(secrets));
        }

        _keys = [.. keys];
        _schemes = [.. schemes];
        if (_keys.Length == 0 && _schemes.Length == 0)
        {
            throw new ArgumentException(
                $"No webhook signing secret is configured. Set {SigningSecretVariables.SigningSecret} to the endpoint's Signing Secret (whsec_...).",
                nameof(secrets));
        }

        var window = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero, nameof(tolerance));
        _toleranceSeconds = (long)window.TotalSeconds;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _hmacs = new ThreadLocal<IncrementalHash[]>(CreateHmacs);
    }

    /// <summary>Gets the fingerprints of the configured secrets (see <see cref="WebhookSecret.Fingerprint"/>), for diagnostics.</summary>
    public IReadOnlyList<string> SecretFingerprints => [.. _keys.Select(k => WebhookSecret.FingerprintOfKey(k))];

    /// <summary>Verifies a delivery.</summary>
    /// <param name="body">The request body exactly as received.</param>
    /// <param name="header">Returns a request header by lower-case name, or null when absent.</param>
    /// <returns>The result; check <see cref="WebhookVerificationResult.IsValid"/>.</returns>
    public WebhookVerificationResult Verify(ReadOnlySpan<byte> body, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Verify(
            body,
            header("svix-id") ?? header("webhook-id"),
            header("svix-timestamp") ?? header("webhook-timestamp"),
            header("svix-signature") ?? header("webhook-signature"));
    }

    /// <summary>Verifies a delivery from its three header values.</summary>
    /// <param name="body">The request body exactly as received.</param>
    /// <param name="webhookId">The <c>svix-id</c> (or <c>webhook-id</c>) header: the delivery id.</param>
    /// <param name="timestamp">The <c>svix-timestamp</c> header.</param>
    /// <param name="signature">The <c>svix-signature</c> header.</param>
    /// <returns>The result; check <see cref="WebhookVerificationResult.IsValid"/>.</returns>
    public WebhookVerificationResult Verify(ReadOnlySpan<byte> body, string? webhookId, string? timestamp, string? signature)
    {
        if (string.IsNullOrEmpty(webhookId))
        {
            return new(WebhookVerificationFailure.MissingHeaders, missingHeader: "svix-id");
        }

        if (string.IsNullOrEmpty(timestamp))
        {
            return new(WebhookVerificationFailure.MissingHeaders, webhookId, missingHeader: "svix-timestamp");
        }

        if (string.IsNullOrEmpty(signature))
        {
            return new(WebhookVerificationFailure.MissingHeaders, webhookId, missingHeader: "svix-signature");
        }

        if (webhookId.Length > MaxWebhookIdLength || HasControlCharacter(webhookId))
        {
            return new(WebhookVerificationFailure.InvalidWebhookId);
        }

        if (!TryParseUnixSeconds(timestamp, out var unixSeconds))
        {
            return new(WebhookVerificationFailure.InvalidTimestamp, webhookId);
        }

        var skew = unixSeconds - _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (skew < -_toleranceSeconds)
        {
            return new(WebhookVerificationFailure.TimestampTooOld, webhookId, unixSeconds, skew, toleranceSeconds: _toleranceSeconds);
        }

        if (skew > _toleranceSeconds)
        {
            return new(WebhookVerificationFailure.TimestampTooNew, webhookId, unixSeconds, skew, toleranceSeconds: _toleranceSeconds);
        }

        // The signed prefix "{id}.{timestamp}." is built on the stack. The timestamp is re-formatted from its value, as
        // the reference libraries do, so "0123" signs as "123".
        Span<byte> prefix = stackalloc byte[(MaxWebhookIdLength * 3) + 24];
        var length = Encoding.UTF8.GetBytes(webhookId, prefix);
        prefix[length++] = (byte)'.';
        unixSeconds.TryFormat(prefix[length..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        length += digits;
        prefix[length++] = (byte)'.';
        prefix = prefix[..length];

        var outcome = MatchSignatures(prefix, body, signature);
        return outcome.Matched
            ? new(WebhookVerificationFailure.None, webhookId, unixSeconds, skew, outcome.Tried, outcome.Skipped)
            : new(
                // Malformed only when no entry at all had the 'version,value' shape: an unknown version (such as v1a
                // without the ed25519 scheme) is well-formed, so that case is NoMatchingSignature, whose message says so.
                outcome.WellFormed == 0 ? WebhookVerificationFailure.MalformedSignatureHeader : WebhookVerificationFailure.NoMatchingSignature,
                webhookId,
                unixSeconds,
                skew,
                outcome.Tried,
                outcome.Skipped);
    }

    /// <summary>Verifies a delivery and throws when it is not valid.</summary>
    /// <param name="body">The request body exactly as received.</param>
    /// <param name="header">Returns a request header by lower-case name, or null when absent.</param>
    /// <returns>The valid result.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is not valid; <see cref="Exception.Message"/> says why.</exception>
    public WebhookVerificationResult VerifyOrThrow(ReadOnlySpan<byte> body, Func<string, string?> header)
    {
        var result = Verify(body, header);
        return result.IsValid ? result : throw new WebhookVerificationException(result);
    }

    private (bool Matched, int Tried, int Skipped, int WellFormed) MatchSignatures(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, string header)
    {
        // Expected v1 signatures are computed lazily, once per secret, as base64 text: the reference libraries compare
        // the text, so "v1,<unpadded>" is rejected by both.
        Span<char> expected = stackalloc char[SignatureBase64Length * _keys.Length];
        var computed = false;
        int tried = 0, skipped = 0, entries = 0, wellFormed = 0;

        foreach (var range in header.AsSpan().Split(' '))
        {
            var entry = header.AsSpan()[range];
            if (entry.IsEmpty)
            {
                continue;
            }

            entries++;
            if (entries > MaxSignatureEntries)
            {
                skipped++;
                continue;
            }

            var comma = entry.IndexOf(',');
            if (comma <= 0)
            {
                skipped++;
                continue;
            }

            wellFormed++;
            var version = entry[..comma];
            var value = entry[(comma + 1)..];
            var nextComma = value.IndexOf(',');
            if (nextComma >= 0)
            {
                value = value[..nextComma];
            }

            if (version.SequenceEqual("v1") && _keys.Length > 0)
            {
                tried++;
                if (!computed)
                {
                    ComputeExpected(prefix, body, expected);
                    computed = true;
                }

                if (MatchesAny(expected, value))
                {
                    return (true, tried, skipped, wellFormed);
                }
            }
            else if (FindScheme(version) is { } scheme)
            {
                tried++;
                if (VerifyWithScheme(scheme, prefix, body, value))
                {
                    return (true, tried, skipped, wellFormed);
                }
            }
            else
            {
                skipped++;
            }
        }

        return (false, tried, skipped, wellFormed);
    }

    private void ComputeExpected(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, Span<char> expected)
    {
        var hmacs = _hmacs.Value!;
        Span<byte> mac = stackalloc byte[HashSize];
        for (var i = 0; i < hmacs.Length; i++)
        {
            hmacs[i].AppendData(prefix);
            hmacs[i].AppendData(body);
            hmacs[i].GetHashAndReset(mac);
            Convert.TryToBase64Chars(mac, expected.Slice(i * SignatureBase64Length, SignatureBase64Length), out _);
        }

        CryptographicOperations.ZeroMemory(mac);
    }

    private bool MatchesAny(ReadOnlySpan<char> expected, ReadOnlySpan<char> candidate)
    {
        var match = false;
        for (var i = 0; i < expected.Length / SignatureBase64Length; i++)
        {
            // Every secret is compared, in constant time, so timing does not tell which secret (if any) matched.
            match |= CryptographicOperations.FixedTimeEquals(
                MemoryMarshal.AsBytes(expected.Slice(i * SignatureBase64Length, SignatureBase64Length)),
                MemoryMarshal.AsBytes(candidate));
        }

        return match;
    }

    private IWebhookSignatureScheme? FindScheme(ReadOnlySpan<char> version)
    {
        foreach (var scheme in _schemes)
        {
            if (version.SequenceEqual(scheme.Version))
            {
                return scheme;
            }
        }

        return null;
    }

    private static bool VerifyWithScheme(IWebhookSignatureScheme scheme, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, ReadOnlySpan<char> value)
    {
        // Asymmetric schemes need the signed content contiguous; a pooled buffer keeps this path allocation-free too.
        var buffer = ArrayPool<byte>.Shared.Rent(prefix.Length + body.Length);
        try
        {
            prefix.CopyTo(buffer);
            body.CopyTo(buffer.AsSpan(prefix.Length));
            return scheme.Verify(buffer.AsSpan(0, prefix.Length + body.Length), value);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private IncrementalHash[] CreateHmacs()
    {
        var hmacs = new IncrementalHash[_keys.Length];
        for (var i = 0; i < hmacs.Length; i++)
        {
            hmacs[i] = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _keys[i]);
        }

        return hmacs;
    }

    // A plain loop: ContainsAnyInRange's generic path boxes in unoptimised (tier-0) code, so the first calls of a cold
    // process allocated.
    private static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses digits only (no sign, no spaces), as the spec requires; overflow is a failure.</summary>
    internal static bool TryParseUnixSeconds(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
