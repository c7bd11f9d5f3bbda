using System.Text.Json;

namespace ClerkSync.Reconciliation;

/// <summary>A reconcile result as JSON, the same for <c>clerk-sync reconcile --json</c> and the admin endpoint.</summary>
internal static class ReconcileResultJson
{
    /// <summary>Writes <paramref name="result"/>: the outcome, then one object per table keyed by table name.</summary>
    public static void Write(Utf8JsonWriter json, ReconcileResult result)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(result);
        json.WriteStartObject();
        json.WriteString("outcome", Snake(result.Outcome.ToString()));
        json.WriteBoolean("dry_run", result.DryRun);
        json.WriteStartObject("tables");
        foreach (var t in result.Tables)
        {
            json.WriteStartObject(t.Table);
            json.WriteString("resource", ReconcileResource.Of(t.Resource).Name);
            json.WriteString("status", Snake(t.Status.ToString()));
            json.WriteString("run_id", t.RunId);
            json.WriteBoolean("resumed", t.Resumed);
            json.WriteNumber("pages", t.Pages);
            json.WriteNumber("listed", t.Listed);
            json.WriteNumber("inserted", t.Inserted);
            json.WriteNumber("updated", t.Updated);
            json.WriteNumber("unchanged", t.Unchanged);
            json.WriteNumber("deleted", t.Deleted);
            json.WriteNumber("absent_but_confirmed_live", t.AbsentButConfirmedLive);
            json.WriteNumber("absent_unconfirmed", t.AbsentUnconfirmed);
            json.WriteNumber("failed", t.Failed);
            json.WriteString("error", t.Error);
            WriteTime(json, "started_at", t.StartedAt);
            WriteTime(json, "finished_at", t.FinishedAt);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            json.WriteString(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    // InProgress -> in_progress.
    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));
}
