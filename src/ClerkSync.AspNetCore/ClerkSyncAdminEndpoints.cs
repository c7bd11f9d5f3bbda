using System.Globalization;
using ClerkSync.Inbox;
using ClerkSync.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClerkSync.AspNetCore;

/// <summary>
/// The inbox over HTTP (issue #3, replay by API): list, show and replay, the same operations and JSON as
/// <c>clerk-sync events</c>. Mapped by <c>MapClerkSyncAdmin</c>, which requires authorization.
/// </summary>
internal static class ClerkSyncAdminEndpoints
{
    private const int MaxListLimit = 1000;

    /// <summary><c>GET /events?status=&amp;type=&amp;since=&amp;limit=</c>: rows newest first, without bodies.</summary>
    public static async Task ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!TryStatuses(query["status"], out var statuses) || statuses.Length > 1)
        {
            await InvalidQueryAsync(context, "status must be one of pending, processing, done, failed, dead.").ConfigureAwait(false);
            return;
        }

        if (!TryTime(context, query["since"], out var since))
        {
            await InvalidQueryAsync(context, $"since must be {InboxTimeText.Expected}.").ConfigureAwait(false);
            return;
        }

        var limit = 100;
        if (query["limit"].Count > 0 && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxListLimit))
        {
            await InvalidQueryAsync(context, $"limit must be a whole number from 1 to {MaxListLimit}.").ConfigureAwait(false);
            return;
        }

        var rows = await Inbox(context).ListAsync(
            new InboxQuery { Status = statuses.Length == 1 ? statuses[0] : null, EventType = query["type"], Since = since, Limit = limit },
            context.RequestAborted).ConfigureAwait(false);
        await ClerkWebhookEndpoint.WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                InboxMessageJson.Write(json, row, includeBody: false);
            }

            json.WriteEndArray();
        }).ConfigureAwait(false);
    }

    /// <summary><c>GET /events/{webhookId}?body=true</c>: one row with its history (the body only when asked).</summary>
    public static async Task ShowAsync(HttpContext context)
    {
        var webhookId = WebhookId(context);
        var row = await Inbox(context).GetAsync(webhookId, context.RequestAborted).ConfigureAwait(false);
        if (row is null)
        {
            await ClerkWebhookEndpoint.WriteErrorAsync(context, StatusCodes.Status404NotFound, "not_found", "No delivery with this svix-id is stored.").ConfigureAwait(false);
            return;
        }

        var body = string.Equals(context.Request.Query["body"], "true", StringComparison.OrdinalIgnoreCase);
        await ClerkWebhookEndpoint.WriteJsonAsync(context, StatusCodes.Status200OK, json => InboxMessageJson.Write(json, row, body)).ConfigureAwait(false);
    }

    /// <summary><c>POST /events/{webhookId}/replay</c>: one delivery back to pending (any status but pending or processing).</summary>
    public static async Task ReplayOneAsync(HttpContext context)
    {
        var webhookId = WebhookId(context);
        var inbox = Inbox(context);
        var replayed = await inbox.ReplayAsync(new ReplayFilter { WebhookId = webhookId }, context.RequestAborted).ConfigureAwait(false);
        if (replayed == 0)
        {
            var exists = await inbox.GetAsync(webhookId, context.RequestAborted).ConfigureAwait(false) is not null;
            await ClerkWebhookEndpoint.WriteErrorAsync(
                context,
                exists ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound,
                exists ? "not_replayable" : "not_found",
                exists ? "The delivery is pending or being processed already." : "No delivery with this svix-id is stored.").ConfigureAwait(false);
            return;
        }

        await ReplayedAsync(context, replayed).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /replay?since=&amp;type=&amp;status=&amp;all=true</c>: dead and failed deliveries (or the given statuses)
    /// back to pending. A filter or <c>all=true</c> is required, so that an empty request never replays everything.
    /// </summary>
    public static async Task ReplayAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!TryStatuses(query["status"], out var statuses))
        {
            await InvalidQueryAsync(context, "status must be one or more of pending, processing, done, failed, dead.").ConfigureAwait(false);
            return;
        }

        if (!TryTime(context, query["since"], out var since))
        {
            await InvalidQueryAsync(context, $"since must be {InboxTimeText.Expected}.").ConfigureAwait(false);
            return;
        }

        string? type = query["type"];
        if (since is null && type is null && statuses.Length == 0 && !string.Equals(query["all"], "true", StringComparison.OrdinalIgnoreCase))
        {
            await ClerkWebhookEndpoint.WriteErrorAsync(
                context,
                StatusCodes.Status400BadRequest,
                "vague_replay",
                "Say what to replay: since=<time>, type=<event type>, status=<status>, or all=true.").ConfigureAwait(false);
            return;
        }

        var replayed = await Inbox(context).ReplayAsync(
            new ReplayFilter { Since = since, EventType = type, Statuses = statuses.Length > 0 ? statuses : null },
            context.RequestAborted).ConfigureAwait(false);
        await ReplayedAsync(context, replayed).ConfigureAwait(false);
    }

    private static string WebhookId(HttpContext context) => (string)context.Request.RouteValues["webhookId"]!;

    private static IInboxStore Inbox(HttpContext context) => context.RequestServices.GetRequiredService<IClerkSyncStorage>().Inbox;

    private static async Task ReplayedAsync(HttpContext context, int count)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ClerkSync.AspNetCore");
        ClerkSync.Diagnostics.Log.Replayed(logger, count);
        await ClerkWebhookEndpoint.WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("replayed", count);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static bool TryStatuses(Microsoft.Extensions.Primitives.StringValues values, out InboxStatus[] statuses)
    {
        // status=dead&status=failed or status=dead,failed.
        var parsed = new List<InboxStatus>();
        foreach (var value in values)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!InboxStatusText.TryParse(part, out var status))
                {
                    statuses = [];
                    return false;
                }

                parsed.Add(status);
            }
        }

        statuses = [.. parsed.Distinct()];
        return true;
    }

    private static bool TryTime(HttpContext context, string? text, out DateTimeOffset? at) =>
        InboxTimeText.TryParse(text, context.RequestServices.GetRequiredService<TimeProvider>(), out at);

    private static Task InvalidQueryAsync(HttpContext context, string message) =>
        ClerkWebhookEndpoint.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_query", message);
}
