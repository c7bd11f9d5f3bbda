using System.Text.Json;
using ClerkSync.BackendApi;
using ClerkSync.Reconciliation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.AspNetCore;

/// <summary>
/// Reconciliation over HTTP (issue #16), in the <c>MapClerkSyncAdmin</c> group: <c>POST /reconcile</c> starts a run in
/// the background, <c>GET /reconcile</c> says whether one is running, how far it got, and the last result of every
/// table (from the database, so runs of <c>clerk-sync reconcile</c> show too). The JSON is <c>reconcile --json</c>'s.
/// </summary>
internal static class ClerkSyncReconcileEndpoints
{
    /// <summary><c>POST /reconcile?only=users,organizations&amp;dry_run=true</c>: 202 when started, 409 when one is running.</summary>
    public static async Task StartAsync(HttpContext context)
    {
        if (Runner(context) is not { } runner)
        {
            await NotConfiguredAsync(context).ConfigureAwait(false);
            return;
        }

        var resources = new List<ClerkApiResource>();
        foreach (var name in context.Request.Query["only"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (ReconcileResource.Find(name) is not { } resource)
            {
                await ClerkWebhookEndpoint.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_query", $"only: '{name}' is not a reconciled resource. Use {ReconcileResource.Names}.").ConfigureAwait(false);
                return;
            }

            resources.Add(resource.Resource);
        }

        var dryRun = string.Equals(context.Request.Query["dry_run"], "true", StringComparison.OrdinalIgnoreCase);
        if (!runner.TryStart(new ReconcileRequest { Resources = resources, DryRun = dryRun }))
        {
            await ClerkWebhookEndpoint.WriteErrorAsync(context, StatusCodes.Status409Conflict, "reconcile_running", "A reconciliation is already running in this process; GET reconcile shows its progress.").ConfigureAwait(false);
            return;
        }

        await ClerkWebhookEndpoint.WriteJsonAsync(context, StatusCodes.Status202Accepted, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("started", true);
            json.WriteBoolean("dry_run", dryRun);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>GET /reconcile</c>: <c>running</c>, <c>progress</c>, <c>last</c> (the latest run of each table), <c>last_dry_run</c>.</summary>
    public static async Task ShowAsync(HttpContext context)
    {
        if (Runner(context) is not { } runner)
        {
            await NotConfiguredAsync(context).ConfigureAwait(false);
            return;
        }

        var last = await context.RequestServices.GetRequiredService<IClerkReconciler>().GetLastResultAsync(context.RequestAborted).ConfigureAwait(false);
        var progress = runner.Progress;
        var dryRun = runner.LastDryRun;
        await ClerkWebhookEndpoint.WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("running", runner.IsRunning);
            json.WriteString("last_error", runner.LastError);
            if (progress is null)
            {
                json.WriteNull("progress");
            }
            else
            {
                json.WriteStartObject("progress");
                json.WriteString("resource", ReconcileResource.Of(progress.Resource).Name);
                json.WriteString("table", progress.Table);
                json.WriteString("phase", progress.Phase);
                json.WriteNumber("pages", progress.Pages);
                json.WriteNumber("listed", progress.Listed);
                WriteNumber(json, "total", progress.Total);
                json.WriteNumber("confirmed", progress.Confirmed);
                json.WriteEndObject();
            }

            json.WritePropertyName("last");
            ReconcileResultJson.Write(json, last);
            json.WritePropertyName("last_dry_run");
            if (dryRun is null)
            {
                json.WriteNullValue();
            }
            else
            {
                ReconcileResultJson.Write(json, dryRun);
            }

            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static ReconcileRunner? Runner(HttpContext context) => context.RequestServices.GetService<ReconcileRunner>();

    private static Task NotConfiguredAsync(HttpContext context) =>
        ClerkWebhookEndpoint.WriteErrorAsync(context, StatusCodes.Status404NotFound, "reconcile_not_configured", "Reconciliation is not enabled in this host: call AddClerkSync().AddReconciliation().");

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } n)
        {
            json.WriteNumber(name, n);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
