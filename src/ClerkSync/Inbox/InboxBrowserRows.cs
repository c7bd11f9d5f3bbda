using System.Data.Common;

namespace ClerkSync.Inbox;

/// <summary>Reads the dashboard's listings the same way for every store (as <see cref="InboxRows"/> does for full rows).</summary>
internal static class InboxBrowserRows
{
    /// <summary>Reads rows of id, webhook_id, event_type, entity_key, received_at, status, attempts, last_error; one row past <paramref name="limit"/> means there is a next page.</summary>
    internal static async Task<InboxPage> ReadPageAsync(DbCommand command, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<InboxListRow>(limit + 1);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new InboxListRow(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    InboxListRow.ObjectIdOf(reader.IsDBNull(3) ? null : reader.GetString(3)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    InboxStatusText.Parse(reader.GetString(5)),
                    reader.GetInt32(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
        }

        if (rows.Count <= limit)
        {
            return new InboxPage(rows, null);
        }

        rows.RemoveAt(limit);
        return new InboxPage(rows, rows[^1].Cursor);
    }

    /// <summary>Reads status, event type, error, count and newest received time per group.</summary>
    internal static async Task<IReadOnlyList<InboxFailureGroup>> ReadFailureGroupsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var groups = new List<InboxFailureGroup>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                groups.Add(new InboxFailureGroup(
                    new InboxFailureGroupKey(InboxStatusText.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2)),
                    reader.GetInt64(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }
        }

        return groups;
    }
}
