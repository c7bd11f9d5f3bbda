using System.Data.Common;
using System.Text;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using ClerkSync.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace ClerkSync.Storage.Sqlite;

/// <summary>
/// The dashboard's queries on SQLite (issue #13), all of its inbox SQL in one place. Each filter has an index that
/// ends in received_at (rowid is the implicit last column of every SQLite index), so a page is one index range read
/// in (received_at, rowid) order that stops after the page size: no sort, no OFFSET.
/// </summary>
internal sealed partial class SqliteInboxStore : IInboxBrowser
{
    /// <summary>The object id of a row: the part of entity_key after the family (<c>user:user_123</c> → <c>user_123</c>).</summary>
    private const string ObjectId = $"substr({InboxTable.EntityKey}, instr({InboxTable.EntityKey}, ':') + 1)";

    // Additive (IF NOT EXISTS, no version change): an older file gains them when it is opened. Status, type and object
    // filters each get an index whose order is the page order; the bare received_at index serves unfiltered pages,
    // time ranges and the time of the last delivery. The failure statuses are found through ix_..._status.
    private static readonly string DashboardSchemaSql = $"""
        CREATE INDEX IF NOT EXISTS ix_{InboxTable.Name}_received ON {InboxTable.Name} ({InboxTable.ReceivedAt});
        CREATE INDEX IF NOT EXISTS ix_{InboxTable.Name}_status ON {InboxTable.Name} ({InboxTable.Status}, {InboxTable.ReceivedAt});
        CREATE INDEX IF NOT EXISTS ix_{InboxTable.Name}_type ON {InboxTable.Name} ({InboxTable.EventType}, {InboxTable.ReceivedAt});
        CREATE INDEX IF NOT EXISTS ix_{InboxTable.Name}_object ON {InboxTable.Name} ({ObjectId}, {InboxTable.ReceivedAt});
        {string.Join(";\n", MirrorBrowser.IndexDdl)};

        """;

    // The columns InboxBrowserRows reads, in its order.
    private const string ListColumns =
        $"rowid, {InboxTable.WebhookId}, {InboxTable.EventType}, {InboxTable.EntityKey}, {InboxTable.ReceivedAt}, {InboxTable.Status}, {InboxTable.Attempts}, {InboxTable.LastError}";

    private const string GroupWhere =
        $"{InboxTable.Status} = $status AND {InboxTable.EventType} = $type AND COALESCE({InboxTable.LastError}, '') = $error";

    private static readonly string ReplayGroupSql = $"UPDATE {InboxTable.Name}\n{ReplaySet}\nWHERE {GroupWhere}";

    private static readonly string PurgeGroupSql = $"DELETE FROM {InboxTable.Name} WHERE {GroupWhere} AND {InboxTable.Status} = 'dead'";

    /// <inheritdoc/>
    public async Task<InboxPage> BrowseAsync(InboxBrowseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, 1000);
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();

            // Only the filters given are in the SQL: "$x IS NULL OR ..." would keep SQLite from choosing the index.
            var where = new StringBuilder("1 = 1");
            if (query.Status is { } status)
            {
                where.Append($" AND {InboxTable.Status} = $status");
                command.Parameters.AddWithValue("$status", StatusText(status));
            }

            if (query.EventType is { Length: > 0 } type)
            {
                where.Append($" AND {InboxTable.EventType} = $type");
                command.Parameters.AddWithValue("$type", type);
            }

            if (query.Search is { Length: > 0 } search)
            {
                // A svix id (unique index) or an object id (expression index): SQLite reads both indexes and merges.
                where.Append($" AND ({InboxTable.WebhookId} = $search OR {ObjectId} = $search)");
                command.Parameters.AddWithValue("$search", search);
            }

            if (query.From is { } from)
            {
                where.Append($" AND {InboxTable.ReceivedAt} >= $from");
                command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            }

            if (query.To is { } to)
            {
                where.Append($" AND {InboxTable.ReceivedAt} < $to");
                command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            }

            if (query.After is { } after)
            {
                // The <= bound is the index range; the OR breaks ties between rows received in the same millisecond.
                where.Append($" AND {InboxTable.ReceivedAt} <= $at AND ({InboxTable.ReceivedAt} < $at OR rowid < $id)");
                command.Parameters.AddWithValue("$at", after.ReceivedAtMs);
                command.Parameters.AddWithValue("$id", after.Id);
            }

            command.CommandText = $"SELECT {ListColumns} FROM {InboxTable.Name} WHERE {where} ORDER BY {InboxTable.ReceivedAt} DESC, rowid DESC LIMIT $limit";
            command.Parameters.AddWithValue("$limit", limit + 1);
            return await InboxBrowserRows.ReadPageAsync(command, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InboxFailureGroup>> FailureGroupsAsync(int limit, CancellationToken cancellationToken = default)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {InboxTable.Status}, {InboxTable.EventType}, COALESCE({InboxTable.LastError}, ''), COUNT(*), MAX({InboxTable.ReceivedAt})
                FROM {InboxTable.Name} WHERE {InboxTable.Status} IN ('dead', 'failed')
                GROUP BY 1, 2, 3 ORDER BY 4 DESC, 5 DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 1000));
            return await InboxBrowserRows.ReadFailureGroupsAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task<int> ReplayGroupAsync(InboxFailureGroupKey group, CancellationToken cancellationToken = default) =>
        ExecuteGroupAsync(ReplayGroupSql, group, WriteKind.Ordered, cancellationToken);

    /// <inheritdoc/>
    public Task<int> PurgeGroupAsync(InboxFailureGroupKey group, CancellationToken cancellationToken = default) =>
        ExecuteGroupAsync(PurgeGroupSql, group, WriteKind.Processing, cancellationToken);

    /// <inheritdoc/>
    public async Task<long> CountDeadSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();

            // Dead rows are few (found through the status index); the last history entry is the attempt that killed it.
            command.CommandText = $"SELECT COUNT(*) FROM {InboxTable.Name} WHERE {InboxTable.Status} = 'dead' AND json_extract({InboxTable.History}, '$[#-1].at') >= $since";
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> LastReceivedAtAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT MAX({InboxTable.ReceivedAt}) FROM {InboxTable.Name}";
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }
    }

    /// <inheritdoc/>
    public async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenReaderAsync(cancellationToken).ConfigureAwait(false);

    private Task<int> ExecuteGroupAsync(string sql, InboxFailureGroupKey group, WriteKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        return EnqueueAsync(
            (store, connection, transaction) =>
            {
                var command = store.Command(sql, transaction);
                Set(command, "$now", store.NowMs());
                Set(command, "$status", StatusText(group.Status));
                Set(command, "$type", group.EventType);
                Set(command, "$error", group.Error);
                return ValueTask.FromResult(command.ExecuteNonQuery());
            },
            isolated: true,
            kind,
            cancellationToken);
    }
}
