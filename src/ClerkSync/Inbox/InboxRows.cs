using System.Data.Common;
using System.Text.Json;

namespace ClerkSync.Inbox;

/// <summary>
/// Reads an inbox row the way every storage provider selects it (the same 19 columns in the same order), so that the
/// SQLite and PostgreSQL stores cannot drift apart in how a row becomes an <see cref="InboxMessage"/>.
/// </summary>
internal static class InboxRows
{
    /// <summary>Maps the current row: webhook_id, event_type, event_timestamp, entity_key, received_at, signature_timestamp,
    /// signature, status, attempts, next_attempt_at, locked_by, locked_until, last_error, processed_at, history, body,
    /// conflicts, last_conflict_at, last_conflict_type.</summary>
    public static InboxMessage Read(DbDataReader reader)
    {
        static DateTimeOffset? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
        static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new InboxMessage
        {
            WebhookId = reader.GetString(0),
            EventType = reader.GetString(1),
            EventTimestamp = reader.GetInt64(2),
            EntityKey = Text(reader, 3),
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            SignatureTimestamp = reader.GetString(5),
            Signature = reader.GetString(6),
            Status = InboxStatusText.Parse(reader.GetString(7)),
            Attempts = reader.GetInt32(8),
            NextAttemptAt = Time(reader, 9),
            LockedBy = Text(reader, 10),
            LockedUntil = Time(reader, 11),
            LastError = Text(reader, 12),
            ProcessedAt = Time(reader, 13),
            History = ParseHistory(reader.GetString(14)),
            Body = reader.GetFieldValue<byte[]>(15),
            Conflicts = reader.GetInt32(16),
            LastConflictAt = Time(reader, 17),
            LastConflictType = Text(reader, 18),
        };
    }

    /// <summary>Reads the <c>history</c> column: a JSON array of attempts, tolerant of missing members.</summary>
    public static InboxAttempt[] ParseHistory(string json)
    {
        using var document = JsonDocument.Parse(json);
        var attempts = new List<InboxAttempt>(document.RootElement.GetArrayLength());
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            attempts.Add(new InboxAttempt(
                entry.TryGetProperty("attempt", out var a) && a.TryGetInt32(out var n) ? n : 0,
                DateTimeOffset.FromUnixTimeMilliseconds(entry.TryGetProperty("at", out var at) && at.TryGetInt64(out var ms) ? ms : 0),
                Text(entry, "outcome") ?? "unknown",
                Text(entry, "error"),
                Text(entry, "worker")));
        }

        return [.. attempts];
    }
}
