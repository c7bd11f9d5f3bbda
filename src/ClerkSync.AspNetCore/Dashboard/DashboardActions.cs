using ClerkSync.Inbox;
using Microsoft.AspNetCore.Http;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>
/// The dashboard's state-changing and revealing form posts (issue #13). Each checks the antiforgery token first (a
/// cross-site form or a script without the page's token changes nothing: 400), then acts, then redirects (303) or
/// renders. Logs carry ids and counts only.
/// </summary>
internal static class DashboardActions
{
    /// <summary><c>POST {prefix}/deliveries/{svixId}/replay</c>.</summary>
    public static async Task ReplayAsync(DashboardRequest request)
    {
        if (!await request.ValidateCsrfAsync().ConfigureAwait(false))
        {
            return;
        }

        var svixId = (string)request.Context.Request.RouteValues["svixId"]!;
        var inbox = request.Storage.Inbox;
        var replayed = await inbox.ReplayAsync(new ReplayFilter { WebhookId = svixId }, request.Aborted).ConfigureAwait(false);
        if (replayed == 0)
        {
            var exists = await inbox.GetAsync(svixId, request.Aborted).ConfigureAwait(false) is not null;
            await request.WriteMessageAsync(
                exists ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound,
                exists ? "Not replayed" : "Not found",
                exists ? "The delivery is pending or being processed already." : "No delivery with this svix id is stored.").ConfigureAwait(false);
            return;
        }

        ClerkSync.Diagnostics.Log.Replayed(request.Logger, replayed);
        Wake(request);
        request.RedirectTo($"/deliveries/{Uri.EscapeDataString(svixId)}?replayed=1");
    }

    /// <summary><c>POST {prefix}/deliveries/{svixId}/reveal</c>: the Delivery page again, personal values shown.</summary>
    public static async Task RevealAsync(DashboardRequest request)
    {
        if (!await request.ValidateCsrfAsync().ConfigureAwait(false))
        {
            return;
        }

        DashboardLog.Revealed(request.Logger, (string)request.Context.Request.RouteValues["svixId"]!, User(request));
        await DashboardPages.RenderDeliveryAsync(request, reveal: true).ConfigureAwait(false);
    }

    /// <summary><c>POST {prefix}/mirror/reveal</c> (form field <c>q</c>): the Mirror row again, personal values shown.</summary>
    public static async Task RevealMirrorAsync(DashboardRequest request)
    {
        if (!await request.ValidateCsrfAsync().ConfigureAwait(false))
        {
            return;
        }

        var form = await request.Context.Request.ReadFormAsync(request.Aborted).ConfigureAwait(false);
        var search = form["q"].ToString();
        DashboardLog.Revealed(request.Logger, search.Contains('@', StringComparison.Ordinal) ? "a mirror row found by email" : search, User(request));
        await DashboardPages.RenderMirrorAsync(request, search, reveal: true).ConfigureAwait(false);
    }

    /// <summary><c>POST {prefix}/failures/replay</c> (form field <c>group</c>).</summary>
    public static Task ReplayGroupAsync(DashboardRequest request) =>
        GroupActionAsync(request, "replay", (browser, key, ct) => browser.ReplayGroupAsync(key, ct));

    /// <summary><c>POST {prefix}/failures/purge</c> (form field <c>group</c>): dead groups only.</summary>
    public static Task PurgeGroupAsync(DashboardRequest request) =>
        GroupActionAsync(request, "purge", (browser, key, ct) => browser.PurgeGroupAsync(key, ct));

    private static async Task GroupActionAsync(DashboardRequest request, string action, Func<IInboxBrowser, InboxFailureGroupKey, CancellationToken, Task<int>> act)
    {
        if (!await request.ValidateCsrfAsync().ConfigureAwait(false))
        {
            return;
        }

        var form = await request.Context.Request.ReadFormAsync(request.Aborted).ConfigureAwait(false);
        var group = await DashboardPages.FindGroupAsync(request, form["group"]).ConfigureAwait(false);
        if (group is null || (action == "purge" && group.Key.Status != InboxStatus.Dead))
        {
            await request.WriteMessageAsync(StatusCodes.Status404NotFound, "No such group", "The group is gone (replayed, purged or changed). Nothing was done.").ConfigureAwait(false);
            return;
        }

        var count = await act(request.Browser, group.Key, request.Aborted).ConfigureAwait(false);
        var status = InboxStatusText.From(group.Key.Status);
        DashboardLog.GroupAction(request.Logger, action, count, status, group.Key.EventType);
        if (action == "replay")
        {
            Wake(request);
        }

        var done = $"{(action == "replay" ? "Replayed" : "Purged")} {count} {status} {group.Key.EventType} deliveries.";
        request.RedirectTo("/failures?done=" + Uri.EscapeDataString(done));
    }

    /// <summary>Wakes this process's workers so that a replay is picked up at once rather than at the next poll.</summary>
    private static void Wake(DashboardRequest request) =>
        (request.Context.RequestServices.GetService(typeof(InboxSignal)) as InboxSignal)?.Notify();

    private static string User(DashboardRequest request) =>
        request.Context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "a local or token user";
}
