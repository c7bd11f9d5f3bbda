using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClerkSync.Diagnostics;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>The dashboard's pages (issue #13), each rendered on the server from one or two indexed queries.</summary>
internal static class DashboardPages
{
    private static readonly string[] Statuses = ["pending", "processing", "done", "failed", "dead"];

    /// <summary><c>GET {prefix}/</c>: deliveries newest first, filtered, keyset-paged, updated live on the first page.</summary>
    public static async Task DeliveriesAsync(DashboardRequest request)
    {
        if (await ParseFiltersAsync(request).ConfigureAwait(false) is not { } query)
        {
            return;
        }

        var page = await request.Browser.BrowseAsync(query, request.Aborted).ConfigureAwait(false);
        var q = request.Query;
        var main = new Html();
        main.Add($"""
            <form method="get" action="{request.Base}/" class="filters">
            <label>Status <select name="status"><option value="">any</option>
            """);
        foreach (var status in Statuses)
        {
            main.Add($"<option{(q["status"] == status ? new Markup(" selected") : default)}>{status}</option>");
        }

        main.Add($"""
            </select></label>
            <label>Type <input name="type" value="{q["type"].ToString()}" placeholder="user.created" list="event-types"></label>
            <label>From <input name="from" value="{q["from"].ToString()}" placeholder="2h or 2026-05-01T12:00Z"></label>
            <label>To <input name="to" value="{q["to"].ToString()}" placeholder="now"></label>
            <label>Search <input name="q" value="{q["q"].ToString()}" placeholder="msg_... or user_..." type="search"></label>
            <button type="submit">Filter</button> <a href="{request.Base}/">Clear</a>
            <datalist id="event-types">
            """);
        foreach (var type in ClerkSync.Webhooks.ClerkEventTypes.All)
        {
            main.Add($"<option value=\"{type}\">");
        }

        // Live updates only on the first page: later pages are a fixed window into the past.
        var live = query.After is null && request.Options.LiveInterval > TimeSpan.Zero
            ? new Markup(string.Create(CultureInfo.InvariantCulture, $" data-live=\"{System.Net.WebUtility.HtmlEncode(request.Base + "/api/deliveries" + request.Context.Request.QueryString)}\" data-interval=\"{(int)request.Options.LiveInterval.TotalMilliseconds}\""))
            : default;
        main.Add($"""
            </datalist>
            </form>
            <table class="deliveries">
            <thead><tr><th>Received</th><th>Type</th><th>Object</th><th>Svix id</th><th>Status</th><th>Attempts</th><th>Last error</th></tr></thead>
            <tbody id="rows"{live}>
            """).Raw(Rows(request, page.Rows)).Add($"</tbody>\n</table>\n<p class=\"pager\">");
        if (query.After is not null)
        {
            main.Add($"<a href=\"{request.Base}/{WithQuery(request, "after", null)}\">Newest</a> ");
        }

        if (page.Next is { } next)
        {
            main.Add($"<a rel=\"next\" href=\"{request.Base}/{WithQuery(request, "after", next.ToString())}\">Older →</a>");
        }

        main.Add($"</p>");
        await request.WritePageAsync("Deliveries", "Deliveries", main).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/api/deliveries</c>: the first page's rows as an HTML fragment, for the live update.</summary>
    public static async Task DeliveryRowsAsync(DashboardRequest request)
    {
        if (await ParseFiltersAsync(request).ConfigureAwait(false) is not { } query)
        {
            return;
        }

        var page = await request.Browser.BrowseAsync(query with { After = null }, request.Aborted).ConfigureAwait(false);
        await request.WriteHtmlAsync(Rows(request, page.Rows).Value).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/deliveries/{svixId}</c>: headers, payload (masked), timeline, mirror changes, Replay.</summary>
    public static Task DeliveryAsync(DashboardRequest request) => RenderDeliveryAsync(request, reveal: false);

    /// <summary>Renders the Delivery page; <paramref name="reveal"/> shows personal values (after an authorized POST).</summary>
    public static async Task RenderDeliveryAsync(DashboardRequest request, bool reveal)
    {
        var svixId = (string)request.Context.Request.RouteValues["svixId"]!;
        var row = await request.Storage.Inbox.GetAsync(svixId, request.Aborted).ConfigureAwait(false);
        if (row is null)
        {
            await request.WriteMessageAsync(StatusCodes.Status404NotFound, "Not found", $"No delivery with svix id {svixId} is stored (done rows are deleted after ClerkSync:RetainDone).").ConfigureAwait(false);
            return;
        }

        IReadOnlyList<MirrorTouch> touches;
        var connection = await request.Browser.OpenReadConnectionAsync(request.Aborted).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            touches = await MirrorBrowser.ChangesOfAsync(connection, svixId, request.Aborted).ConfigureAwait(false);
        }

        var encodedId = Uri.EscapeDataString(svixId);
        var replayable = row.Status is not (InboxStatus.Pending or InboxStatus.Processing);
        var main = new Html();
        if (request.Query["replayed"] == "1")
        {
            main.Add($"<p class=\"notice\" role=\"status\">Replayed: the delivery is pending again and is processed within the poll interval.</p>");
        }

        main.Add($"""
            <dl class="summary" data-svix-id="{svixId}" data-status="{InboxStatusText.From(row.Status)}">
            <dt>Svix id</dt><dd><code>{svixId}</code></dd>
            <dt>Type</dt><dd>{row.EventType}</dd>
            <dt>Object</dt><dd>{ObjectLink(request, InboxListRow.ObjectIdOf(row.EntityKey))}</dd>
            <dt>Status</dt><dd>{Status(row.Status)}</dd>
            <dt>Attempts</dt><dd>{row.Attempts}</dd>
            <dt>Received</dt><dd>{row.ReceivedAt}</dd>
            <dt>Event time</dt><dd>{DateTimeOffset.FromUnixTimeMilliseconds(row.EventTimestamp)}</dd>
            <dt>Processed</dt><dd>{Time(row.ProcessedAt)}</dd>
            <dt>Next attempt</dt><dd>{(row.Status is InboxStatus.Failed or InboxStatus.Pending ? Time(row.NextAttemptAt) : "-")}</dd>
            </dl>
            <form method="post" action="{request.Base}/deliveries/{encodedId}/replay" class="inline">
            {request.CsrfField()}
            <button type="submit" id="replay"{(replayable ? default : new Markup(" disabled title=\"pending or processing already\""))}>Replay</button>
            </form>
            <h2>Headers</h2>
            <table class="headers"><tbody>
            <tr><th>svix-id</th><td><code>{svixId}</code></td></tr>
            <tr><th>svix-timestamp</th><td><code>{row.SignatureTimestamp}</code></td></tr>
            <tr><th>svix-signature</th><td><code>{RedactSignature(row.Signature)}</code></td></tr>
            <tr><th>content-length</th><td><code>{row.Body.Length}</code></td></tr>
            </tbody></table>
            <h2>Payload</h2>
            """);
        var payload = new Html();
        var masked = PayloadView.Render(payload, row.Body, reveal);
        if (reveal)
        {
            main.Add($"<p class=\"notice\" role=\"status\" id=\"revealed\">Personal data shown. <a href=\"{request.Base}/deliveries/{encodedId}\">Mask it again</a></p>");
        }
        else if (masked > 0)
        {
            main.Add($"""
                <form method="post" action="{request.Base}/deliveries/{encodedId}/reveal" class="inline">
                {request.CsrfField()}
                <span class="muted">{masked} personal values masked.</span> <button type="submit" id="reveal">Reveal personal data</button>
                </form>
                """);
        }

        main.Add($"<pre class=\"payload\" id=\"payload\">").Raw(payload.ToMarkup()).Add($"</pre>\n<h2>Attempts</h2>\n<ol class=\"timeline\">");
        foreach (var attempt in row.History)
        {
            main.Add($"<li class=\"o-{attempt.Outcome}\"><time>{attempt.At}</time> <strong>{attempt.Outcome}</strong>{(attempt.Attempt > 0 ? $" (attempt {attempt.Attempt})" : string.Empty)}{(attempt.WorkerId is null ? string.Empty : $" on {attempt.WorkerId}")}");
            if (attempt.Error is { Length: > 0 } error)
            {
                main.Add($"<pre class=\"error\">{error}</pre>");
            }

            main.Add($"</li>");
        }

        if (row.History.Count == 0)
        {
            main.Add($"<li class=\"muted\">No attempt yet.</li>");
        }

        main.Add($"</ol>\n<h2>Mirror rows changed</h2>\n");
        if (touches.Count == 0)
        {
            main.Add($"<p class=\"muted\">None (not processed yet, or the event has no mirror table).</p>");
        }
        else
        {
            main.Add($"<table class=\"changes\"><thead><tr><th>Table</th><th>Row</th><th>Change</th><th>Version</th><th>Applied</th></tr></thead><tbody>");
            foreach (var touch in touches)
            {
                main.Add($"<tr><td>{touch.Table}</td><td>{MirrorLink(request, touch.RowId, touch.Table)}</td><td>{touch.Change}</td><td>{touch.Version}</td><td>{touch.AppliedAt}</td></tr>");
            }

            main.Add($"</tbody></table>");
        }

        await request.WritePageAsync(row.EventType + " " + svixId, "Deliveries", main).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/failures</c>: dead and failed deliveries grouped by status, type and error.</summary>
    public static async Task FailuresAsync(DashboardRequest request)
    {
        var groups = await request.Browser.FailureGroupsAsync(200, request.Aborted).ConfigureAwait(false);
        var main = new Html();
        if (request.Query["done"].ToString() is { Length: > 0 } done)
        {
            main.Add($"<p class=\"notice\" role=\"status\">{done}</p>");
        }

        if (groups.Count == 0)
        {
            main.Add($"<p class=\"muted\">No dead or failed deliveries.</p>");
        }
        else
        {
            main.Add($"<table class=\"failures\"><thead><tr><th>Status</th><th>Type</th><th>Last error</th><th>Count</th><th>Newest</th><th></th></tr></thead><tbody>");
            foreach (var group in groups)
            {
                var key = GroupHash(group.Key);
                var status = InboxStatusText.From(group.Key.Status);
                var list = $"{request.Base}/?status={status}&type={Uri.EscapeDataString(group.Key.EventType)}";
                main.Add($"""
                    <tr data-group="{key}"><td>{Status(group.Key.Status)}</td><td>{group.Key.EventType}</td><td><pre class="error">{Shorten(group.Key.Error, 300)}</pre></td>
                    <td><a href="{list}">{group.Count}</a></td><td>{group.LastReceivedAt}</td>
                    <td><a class="button" href="{request.Base}/failures/confirm?action=replay&amp;group={key}">Replay…</a>
                    """);
                if (group.Key.Status == InboxStatus.Dead)
                {
                    main.Add($" <a class=\"button danger\" href=\"{request.Base}/failures/confirm?action=purge&amp;group={key}\">Purge…</a>");
                }

                main.Add($"</td></tr>");
            }

            main.Add($"</tbody></table>");
        }

        await request.WritePageAsync("Failures", "Failures", main).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/failures/confirm?action=replay|purge&amp;group=</c>: says how many, then posts.</summary>
    public static async Task ConfirmGroupAsync(DashboardRequest request)
    {
        var action = request.Query["action"].ToString();
        if (action is not ("replay" or "purge") || await FindGroupAsync(request, request.Query["group"]).ConfigureAwait(false) is not { } group
            || (action == "purge" && group.Key.Status != InboxStatus.Dead))
        {
            await request.WriteMessageAsync(StatusCodes.Status404NotFound, "No such group", "The group is gone (replayed, purged or changed) or the link is wrong. Go back to Failures.").ConfigureAwait(false);
            return;
        }

        var status = InboxStatusText.From(group.Key.Status);
        var main = new Html();
        main.Add($"""
            <p class="confirm" id="confirm-text">{(action == "replay" ? "Replay" : "Permanently delete")} <strong>{group.Count}</strong> {status} {group.Key.EventType} deliveries whose last error is:</p>
            <pre class="error">{Shorten(group.Key.Error, 2000)}</pre>
            <form method="post" action="{request.Base}/failures/{action}">
            {request.CsrfField()}
            <input type="hidden" name="group" value="{GroupHash(group.Key)}">
            <button type="submit" id="confirm"{(action == "purge" ? new Markup(" class=\"danger\"") : default)}>{(action == "replay" ? "Replay" : "Purge")} {group.Count} deliveries</button>
            <a href="{request.Base}/failures">Cancel</a>
            </form>
            """);
        await request.WritePageAsync(action == "replay" ? "Replay a failure group" : "Purge a failure group", "Failures", main).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/overview</c>: activity charts, lag, depth by status, rejections, the last delivery.</summary>
    public static async Task OverviewAsync(DashboardRequest request)
    {
        var services = request.Context.RequestServices;
        var activity = services.GetRequiredService<DashboardActivity>();
        var snapshot = services.GetRequiredService<InboxStatsSnapshot>();
        var stats = snapshot.Stats ?? await request.Storage.Inbox.GetStatsAsync(request.Aborted).ConfigureAwait(false);
        var last = await request.Browser.LastReceivedAtAsync(request.Aborted).ConfigureAwait(false);
        var now = request.Time.GetUtcNow();
        var main = new Html();
        main.Add($"""
            <div class="cards">
            <div class="card"><h2>Last delivery</h2><p class="big" id="last-delivery">{(last is { } at ? Duration(now - at) + " ago" : "never")}</p><p class="muted">{Time(last)}</p></div>
            <div class="card"><h2>Processing lag</h2><p class="big" id="lag">{Duration(TimeSpan.FromSeconds(snapshot.OldestDueAgeSeconds))}</p><p class="muted">age of the oldest due delivery</p></div>
            <div class="card"><h2>Backlog</h2><p class="big">{snapshot.Backlog}</p><p class="muted">pending, processing and failed</p></div>
            </div>
            <h2>Last hour, per minute</h2>
            """);
        SvgChart.Lines(main, "Deliveries per minute, last hour", Series(activity, 60, 1), "-60 min");
        main.Add($"<h2>Last day, per 15 minutes</h2>");
        SvgChart.Lines(main, "Deliveries per 15 minutes, last day", Series(activity, DashboardActivity.Minutes, 15), "-24 h");
        main.Add($"<p class=\"muted\">Counted by this process since {activity.Started}; a restart starts the charts afresh.</p>\n<h2>Inbox by status</h2>");
        SvgChart.Bars(main, "Inbox rows by status", [.. Statuses.Select(s => (s, stats.CountsByStatus.TryGetValue(InboxStatusText.Parse(s), out var n) ? n : 0))]);
        main.Add($"<h2>Verification failures by reason (since start)</h2>");
        SvgChart.Bars(main, "Rejected requests by reason", [.. activity.RejectedByReason.OrderByDescending(r => r.Value).Select(r => (r.Key, r.Value))]);
        await request.WritePageAsync("Overview", "Overview", main).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/mirror?q=</c>: table counts; a user or organization by id or email, its row and history.</summary>
    public static Task MirrorAsync(DashboardRequest request) => RenderMirrorAsync(request, request.Query["q"].ToString(), reveal: false);

    /// <summary>Renders the Mirror page for <paramref name="search"/>; <paramref name="reveal"/> shows personal columns.</summary>
    public static async Task RenderMirrorAsync(DashboardRequest request, string search, bool reveal)
    {
        var main = new Html();
        var connection = await request.Browser.OpenReadConnectionAsync(request.Aborted).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            main.Add($"""
                <form method="get" action="{request.Base}/mirror" class="filters">
                <label>User or organization <input name="q" type="search" value="{search}" placeholder="user_..., org_... or an email address"></label>
                <button type="submit">Look up</button>
                </form>
                """);
            if (search.Length > 0)
            {
                await RenderMirrorRowAsync(request, main, connection, search, reveal).ConfigureAwait(false);
            }

            var stats = await MirrorQueries.StatsAsync(connection, request.Aborted).ConfigureAwait(false);
            main.Add($"<h2>Tables</h2><table class=\"mirror-stats\"><thead><tr><th>Table</th><th>Rows</th><th>Live</th><th>Tombstones</th><th>Stubs</th></tr></thead><tbody>");
            foreach (var table in stats)
            {
                main.Add($"<tr><td>{table.Table}</td><td>{table.Rows}</td><td>{table.Rows - table.Tombstones}</td><td>{table.Tombstones}</td><td>{table.Stubs}</td></tr>");
            }

            main.Add($"</tbody></table>");
        }

        await request.WritePageAsync("Mirror", "Mirror", main).ConfigureAwait(false);
    }

    /// <summary>Finds a failure group by its hash among the current groups (null when it no longer exists).</summary>
    public static async Task<InboxFailureGroup?> FindGroupAsync(DashboardRequest request, string? hash)
    {
        if (string.IsNullOrEmpty(hash))
        {
            return null;
        }

        var groups = await request.Browser.FailureGroupsAsync(1000, request.Aborted).ConfigureAwait(false);
        return groups.FirstOrDefault(g => GroupHash(g.Key) == hash);
    }

    private static async Task RenderMirrorRowAsync(DashboardRequest request, Html main, System.Data.Common.DbConnection connection, string search, bool reveal)
    {
        var found = await MirrorBrowser.FindAsync(connection, search, request.Aborted).ConfigureAwait(false);
        var row = found is { } f ? await MirrorQueries.RowAsync(connection, f.Table, f.Id, request.Aborted).ConfigureAwait(false) : null;
        if (found is not { } key || row is null)
        {
            main.Add($"<p class=\"notice\">No user or organization {search} in the mirror.</p>");
            return;
        }

        var changes = await MirrorQueries.ChangesAsync(connection, key.Table, key.Id, request.Aborted).ConfigureAwait(false);
        main.Add($"<h2>{key.Table} {key.Id}</h2>");
        var masked = 0;
        var values = new Html();
        values.Add($"<table class=\"mirror-row\"><tbody>");
        foreach (var (column, value) in row)
        {
            values.Add($"<tr><th>{column}</th><td>");
            if (column == MirrorColumns.Data && value is string json)
            {
                var payload = new Html();
                masked += PayloadView.Render(payload, Encoding.UTF8.GetBytes(json), reveal);
                values.Add($"<pre class=\"payload\">").Raw(payload.ToMarkup()).Add($"</pre>");
            }
            else if (!reveal && value is not null && PayloadView.IsPersonal(column))
            {
                masked++;
                values.Add($"<span class=\"masked\" data-masked=\"{column}\">{PayloadView.Mask}</span>");
            }
            else
            {
                values.Add($"<code>{Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null"}</code>");
            }

            values.Add($"</td></tr>");
        }

        values.Add($"</tbody></table>");
        if (masked > 0)
        {
            main.Add($"""
                <form method="post" action="{request.Base}/mirror/reveal" class="inline">
                {request.CsrfField()}<input type="hidden" name="q" value="{search}">
                <span class="muted">{masked} personal values masked.</span> <button type="submit" id="reveal">Reveal personal data</button>
                </form>
                """);
        }

        main.Raw(values.ToMarkup()).Add($"<h3>History</h3><ol class=\"timeline\">");
        foreach (var change in changes)
        {
            main.Add($"<li><time>{change.AppliedAt}</time> <strong>{change.Change}</strong> version {change.Version} by <a href=\"{request.Base}/deliveries/{Uri.EscapeDataString(change.WebhookId)}\">{change.WebhookId}</a></li>");
        }

        main.Add($"</ol>");
    }

    private static IReadOnlyList<(string, long[])> Series(DashboardActivity activity, int minutes, int bucket) =>
    [
        ("received", activity.PerBucket(ActivityKind.Received, minutes, bucket)),
        ("processed", activity.PerBucket(ActivityKind.Processed, minutes, bucket)),
        ("failed", activity.PerBucket(ActivityKind.Failed, minutes, bucket)),
    ];

    /// <summary>Reads the list filters; answers 400 and returns null when one is malformed.</summary>
    private static async Task<InboxBrowseQuery?> ParseFiltersAsync(DashboardRequest request)
    {
        var q = request.Query;
        string? problem = null;
        InboxStatus? status = null;
        if (q["status"].ToString() is { Length: > 0 } statusText)
        {
            status = InboxStatusText.TryParse(statusText, out var parsed) ? parsed : null;
            problem = status is null ? "status must be one of pending, processing, done, failed, dead." : null;
        }

        var timesValid = InboxTimeText.TryParse(q["from"], request.Time, out var from);
        timesValid &= InboxTimeText.TryParse(q["to"], request.Time, out var to);
        if (!timesValid)
        {
            problem = $"from and to must be {InboxTimeText.Expected}.";
        }

        InboxCursor? after = null;
        if (q["after"].ToString() is { Length: > 0 } afterText)
        {
            after = InboxCursor.TryParse(afterText, out var cursor) ? cursor : null;
            problem ??= after is null ? "after must be a page cursor from an Older link." : null;
        }

        if (problem is not null)
        {
            await request.WriteMessageAsync(StatusCodes.Status400BadRequest, "Bad filter", problem).ConfigureAwait(false);
            return null;
        }

        return new InboxBrowseQuery
        {
            Status = status,
            EventType = q["type"].ToString().Trim() is { Length: > 0 } type ? type : null,
            From = from,
            To = to,
            Search = q["q"].ToString().Trim() is { Length: > 0 } search ? search : null,
            After = after,
            Limit = request.Options.PageSize,
        };
    }

    private static Markup Rows(DashboardRequest request, IReadOnlyList<InboxListRow> rows)
    {
        var html = new Html();
        foreach (var row in rows)
        {
            html.Add($"""
                <tr data-svix-id="{row.WebhookId}" data-status="{InboxStatusText.From(row.Status)}"><td><time>{row.ReceivedAt}</time></td><td>{row.EventType}</td><td>{ObjectLink(request, row.ObjectId)}</td><td class="svix"><a href="{request.Base}/deliveries/{Uri.EscapeDataString(row.WebhookId)}"><code>{row.WebhookId}</code></a></td><td>{Status(row.Status)}</td><td>{row.Attempts}</td><td class="error-cell">{Shorten(row.LastError, 120)}</td></tr>

                """);
        }

        if (rows.Count == 0)
        {
            html.Add($"<tr><td colspan=\"7\" class=\"muted\">No deliveries match.</td></tr>");
        }

        return html.ToMarkup();
    }

    private static Markup Status(InboxStatus status)
    {
        var html = new Html();
        var text = InboxStatusText.From(status);
        html.Add($"<span class=\"status st-{text}\">{text}</span>");
        return html.ToMarkup();
    }

    private static Markup ObjectLink(DashboardRequest request, string? objectId)
    {
        var html = new Html();
        if (objectId is { Length: > 0 })
        {
            html.Add($"<a href=\"{request.Base}/?q={Uri.EscapeDataString(objectId)}\"><code>{objectId}</code></a>");
        }
        else
        {
            html.Add($"-");
        }

        return html.ToMarkup();
    }

    private static Markup MirrorLink(DashboardRequest request, string rowId, string table)
    {
        var html = new Html();
        if (table is MirrorCatalog.Users or MirrorCatalog.Organizations)
        {
            html.Add($"<a href=\"{request.Base}/mirror?q={Uri.EscapeDataString(rowId)}\"><code>{rowId}</code></a>");
        }
        else
        {
            html.Add($"<code>{rowId}</code>");
        }

        return html.ToMarkup();
    }

    /// <summary>The signature header without the signatures: versions only, so the page never holds a valid signature.</summary>
    private static string RedactSignature(string header)
    {
        var entries = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', entries.Select(e => e.Split(',', 2)[0] + ",••••")) + $" (redacted: {entries.Length} signature{(entries.Length == 1 ? string.Empty : "s")})";
    }

    private static string WithQuery(DashboardRequest request, string name, string? value)
    {
        var pairs = request.Query.Where(p => p.Key != name && p.Value.ToString().Length > 0).Select(p => (p.Key, p.Value.ToString())).ToList();
        if (value is not null)
        {
            pairs.Add((name, value));
        }

        return pairs.Count == 0 ? string.Empty : "?" + string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Item2)));
    }

    /// <summary>A stable short id of a failure group, for links and forms (the error text can be long).</summary>
    internal static string GroupHash(InboxFailureGroupKey key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{InboxStatusText.From(key.Status)}\n{key.EventType}\n{key.Error}")))[..24].ToLowerInvariant();

    private static string Shorten(string? text, int length) => text is null ? string.Empty : text.Length <= length ? text : text[..length] + "…";

    private static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    private static string Duration(TimeSpan age) => age.TotalSeconds switch
    {
        < 120 => $"{Math.Max(0, (int)age.TotalSeconds)} s",
        < 7200 => $"{(int)age.TotalMinutes} min",
        < 172800 => $"{(int)age.TotalHours} h",
        _ => $"{(int)age.TotalDays} days",
    };
}
