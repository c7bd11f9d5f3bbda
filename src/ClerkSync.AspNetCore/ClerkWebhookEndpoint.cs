using System.Buffers;
using System.Text.Json;
using ClerkSync.Diagnostics;
using ClerkSync.Inbox;
using ClerkSync.Internal;
using ClerkSync.Storage;
using ClerkSync.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.AspNetCore;

/// <summary>
/// The webhook endpoint (issue #3, STYLE 6): read the body as size-capped bytes, verify, store durably, answer 200.
/// Handlers never run here. Every client mistake is a 4xx with <c>{"error": code, "message": text}</c>; a storage
/// failure is 503 with Retry-After (Svix retries it); only a bug could be a 500.
/// </summary>
internal sealed class ClerkWebhookEndpoint(
    WebhookVerifier verifier,
    IClerkSyncStorage storage,
    InboxSignal signal,
    StorageHealth storageHealth,
    ClerkSyncMetrics metrics,
    IOptions<ClerkSyncOptions> options,
    TimeProvider time,
    ILogger<ClerkWebhookEndpoint> logger)
{
    private static readonly byte[] StoredBody = """{"status":"stored"}"""u8.ToArray();
    private static readonly byte[] DuplicateBody = """{"status":"duplicate"}"""u8.ToArray();
    private static readonly byte[] RequeuedBody = """{"status":"requeued"}"""u8.ToArray();
    private readonly long _maxBodyBytes = options.Value.MaxBodyBytes;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;
        using var receive = ClerkSyncTracing.StartReceive();
        try
        {
            if (!IsJson(request.ContentType))
            {
                await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "The Content-Type must be application/json (Clerk sends application/json).").ConfigureAwait(false);
                return;
            }

            if (request.ContentLength > _maxBodyBytes)
            {
                await RejectTooLargeAsync(context).ConfigureAwait(false);
                return;
            }

            var body = await ReadBodyAsync(context, aborted).ConfigureAwait(false);
            if (body is null)
            {
                await RejectTooLargeAsync(context).ConfigureAwait(false);
                return;
            }

            var headers = request.Headers;
            var id = Header(headers, "svix-id", "webhook-id");
            var timestamp = Header(headers, "svix-timestamp", "webhook-timestamp");
            var signature = Header(headers, "svix-signature", "webhook-signature");
            var verify = ClerkSyncTracing.StartStep("clerksync.verify");
            var verification = verifier.Verify(body, id, timestamp, signature);
            verify?.Dispose();
            if (!verification.IsValid)
            {
                var status = verification.Failure is WebhookVerificationFailure.NoMatchingSignature or WebhookVerificationFailure.TimestampTooOld or WebhookVerificationFailure.TimestampTooNew
                    ? StatusCodes.Status401Unauthorized
                    : StatusCodes.Status400BadRequest;
                await RejectAsync(context, status, verification.Code, verification.Message).ConfigureAwait(false);
                return;
            }

            if (!ClerkEventAdapter.TryReadEnvelope(body, out var envelope, out var error))
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, "invalid_json", $"The body is signed correctly but is not a Clerk event ({error}): a JSON object with a string \"type\" and an integer \"timestamp\".").ConfigureAwait(false);
                return;
            }

            var delivery = new InboxDelivery
            {
                WebhookId = id!,
                EventType = envelope.Type,
                EventTimestamp = envelope.Timestamp,
                EntityKey = envelope.EntityKey,
                ReceivedAt = time.GetUtcNow(),
                Body = body,
                SignatureTimestamp = timestamp!,
                Signature = signature!,
            };

            InboxAddResult added;
            ClerkSyncTracing.Receiving(receive, id!);
            var store = ClerkSyncTracing.StartStep("clerksync.store");
            try
            {
                added = await storage.Inbox.AddAsync(delivery, aborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (!aborted.IsCancellationRequested)
            {
                storageHealth.DeliveryRefused(id!, envelope.Type, body.Length, ex);
                metrics.Rejected("storage_unavailable");
                context.Response.Headers.RetryAfter = "5";
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "storage_unavailable", "The delivery could not be stored; it was not acknowledged. Svix retries it.").ConfigureAwait(false);
                return;
            }
            finally
            {
                store?.Dispose();
            }

            ClerkSyncTracing.Stored(receive, envelope.Type, added);

            metrics.Received(envelope.Type, added);
            Log.DeliveryAccepted(logger, id!, envelope.Type, added);
            if (added is InboxAddResult.Stored or InboxAddResult.Requeued)
            {
                signal.Notify();
                storageHealth.Wrote(body.Length);
            }
            else if (added == InboxAddResult.Conflict)
            {
                await InboxConflict.ReportAsync(storage.Inbox, logger, id!, envelope.Type, aborted).ConfigureAwait(false);
            }

            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            var payload = added switch
            {
                InboxAddResult.Stored => StoredBody,
                InboxAddResult.Requeued => RequeuedBody,
                _ => DuplicateBody,
            };
            response.ContentLength = payload.Length;
            await response.Body.WriteAsync(payload, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; nothing was acknowledged.
        }
        catch (BadHttpRequestException ex)
        {
            // Malformed framing (bad chunking, truncated body) or Kestrel's own limits: the client's fault.
            if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await RejectTooLargeAsync(context).ConfigureAwait(false);
            }
            else
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, "bad_request", "The request is malformed (body framing or length).").ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            Log.EndpointError(logger, ex);
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal_error", "An unexpected error occurred; the delivery was not acknowledged.").ConfigureAwait(false);
        }
    }

    internal static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        var mediaType = (semicolon < 0 ? span : span[..semicolon]).Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static string? Header(IHeaderDictionary headers, string name, string fallback)
    {
        var value = headers[name];
        if (value.Count == 0)
        {
            value = headers[fallback];
        }

        return value.Count == 0 ? null : value.ToString();
    }

    private async Task<byte[]?> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        // Kestrel's own cap (30 MB by default) must not be hit before ours.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = _maxBodyBytes + 1;
        }

        var stream = context.Request.Body;
        if (context.Request.ContentLength is long length)
        {
            var exact = new byte[length];
            var read = 0;
            while (read < exact.Length)
            {
                var n = await stream.ReadAsync(exact.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new BadHttpRequestException("The body is shorter than Content-Length.");
                }

                read += n;
            }

            return exact;
        }

        // Chunked: count while reading and stop at the cap.
        var writer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = writer.GetMemory(8192);
            var n = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return writer.WrittenSpan.ToArray();
            }

            writer.Advance(n);
            if (writer.WrittenCount > _maxBodyBytes)
            {
                return null;
            }
        }
    }

    private Task RejectTooLargeAsync(HttpContext context)
    {
        // Close the connection so Kestrel does not read (drain) the rest of the body.
        context.Response.Headers.Connection = "close";
        return RejectAsync(context, StatusCodes.Status413PayloadTooLarge, "body_too_large", $"The body is larger than {_maxBodyBytes} bytes (ClerkSync:MaxBodyBytes).");
    }

    private Task RejectAsync(HttpContext context, int status, string code, string message)
    {
        metrics.Rejected(code);
        ClerkSyncTracing.Rejected(code);
        Log.DeliveryRejected(logger, status, code);
        return WriteErrorAsync(context, status, code, message);
    }

    /// <summary>Answers <c>{"error": code, "message": message}</c> with <paramref name="status"/>.</summary>
    internal static Task WriteErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteJsonAsync(context, status, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", code);
            json.WriteString("message", message);
            json.WriteEndObject();
        });

    /// <summary>Answers a JSON body written by <paramref name="write"/>, with its Content-Length.</summary>
    internal static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        response.ContentLength = buffer.WrittenCount;
        try
        {
            await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }
}
