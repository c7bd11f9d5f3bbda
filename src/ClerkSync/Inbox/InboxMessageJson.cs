using System.Text.Json;

namespace ClerkSync.Inbox;

/// <summary>One inbox row as JSON, the same for <c>clerk-sync events --json</c> and the admin endpoints.</summary>
internal static class InboxMessageJson
{
    public static void Write(Utf8JsonWriter json, InboxMessage m, bool includeBody)
    {
        json.WriteStartObject();
        json.WriteString("webhook_id", m.WebhookId);
        json.WriteString("event_type", m.EventType);
        json.WriteNumber("event_timestamp", m.EventTimestamp);
        json.WriteString("entity_key", m.EntityKey);
        json.WriteString("received_at", m.ReceivedAt);
        json.WriteString("status", InboxStatusText.From(m.Status));
        json.WriteNumber("attempts", m.Attempts);
        WriteTime(json, "next_attempt_at", m.NextAttemptAt);
        json.WriteString("locked_by", m.LockedBy);
        WriteTime(json, "locked_until", m.LockedUntil);
        WriteTime(json, "processed_at", m.ProcessedAt);
        json.WriteString("last_error", m.LastError);
        json.WriteNumber("conflicts", m.Conflicts);
        WriteTime(json, "last_conflict_at", m.LastConflictAt);
        json.WriteString("last_conflict_type", m.LastConflictType);
        json.WriteStartArray("history");
        foreach (var h in m.History)
        {
            json.WriteStartObject();
            json.WriteNumber("attempt", h.Attempt);
            json.WriteString("at", h.At);
            json.WriteString("outcome", h.Outcome);
            json.WriteString("error", h.Error);
            json.WriteString("worker", h.WorkerId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (includeBody)
        {
            json.WritePropertyName("body");
            try
            {
                using var body = JsonDocument.Parse(m.Body);
                body.WriteTo(json);
            }
            catch (JsonException)
            {
                json.WriteBase64StringValue(m.Body.Span);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
