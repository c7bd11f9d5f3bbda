using System.Data.Common;
using System.Text;
using ClerkSync.Inbox;
using ClerkSync.Mirror;
using Npgsql;
using NpgsqlTypes;
using static ClerkSync.Storage.PostgreSql.Schema.PostgreSqlSchema;

namespace ClerkSync.Storage.PostgreSql;

/// <summary>
/// The dashboard's queries on PostgreSQL (issue #13), all of its inbox SQL in one place. Each filter has a B-tree
/// index ending in (received_at, id), so a page is one backward index range scan that stops after the page size.
/// </summary>
internal sealed partial class PostgreSqlInboxStore : IInboxBrowser
{
    /// <summary>The object id of a row: the part of entity_key after the family (<c>user:user_123</c> → <c>user_123</c>).</summary>
    private const string ObjectId = $"split_part({EntityKey}, ':', 2)";

    private const string ListColumns = $"id, {WebhookId}, {EventType}, {EntityKey}, {ReceivedAt}, {Status}, {Attempts}, {LastError}";

    private const string GroupWhere = $"{Status} = @status AND {EventType} = @type AND COALESCE({LastError}, '') = @error";

    /// <summary>Gets inbox migration 3: the dashboard's indexes (inbox and mirror change log).</summary>
    internal static IReadOnlyList<string> DashboardMigration { get; } =
    [
        $"CREATE INDEX IF NOT EXISTS ix_{InboxTable}_received ON {InboxTable} ({ReceivedAt}, id)",
        $"CREATE INDEX IF NOT EXISTS ix_{InboxTable}_status ON {InboxTable} ({Status}, {ReceivedAt}, id)",
        $"CREATE INDEX IF NOT EXISTS ix_{InboxTable}_type ON {InboxTable} ({EventType}, {ReceivedAt}, id)",
        $"CREATE INDEX IF NOT EXISTS ix_{InboxTable}_object ON {InboxTable} (({ObjectId}), {ReceivedAt}, id)",
        .. MirrorBrowser.IndexDdl,
    ];

    /// <inheritdoc/>
    public async Task<InboxPage> BrowseAsync(InboxBrowseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, 1000);
        using var command = _dataSource.CreateCommand();

        // Only the filters given are in the SQL, so that the planner sees plain index conditions.
        var where = new StringBuilder("TRUE");
        if (query.Status is { } status)
        {
            where.Append($" AND {Status} = @status");
            command.Parameters.AddWithValue("status", StatusText(status));
        }

        if (query.EventType is { Length: > 0 } type)
        {
            where.Append($" AND {EventType} = @type");
            command.Parameters.AddWithValue("type", type);
        }

        if (query.Search is { Length: > 0 } search)
        {
            where.Append($" AND ({WebhookId} = @search OR {ObjectId} = @search)");
            command.Parameters.AddWithValue("search", search);
        }

        if (query.From is { } from)
        {
            where.Append($" AND {ReceivedAt} >= @from");
            command.Parameters.AddWithValue("from", from.ToUnixTimeMilliseconds());
        }

        if (query.To is { } to)
        {
            where.Append($" AND {ReceivedAt} < @to");
            command.Parameters.AddWithValue("to", to.ToUnixTimeMilliseconds());
        }

        if (query.After is { } after)
        {
            where.Append($" AND ({ReceivedAt}, id) < (@at, @id)");
            command.Parameters.AddWithValue("at", after.ReceivedAtMs);
            command.Parameters.AddWithValue("id", after.Id);
        }

        command.CommandText = $"SELECT {ListColumns} FROM {InboxTable} WHERE {where} ORDER BY {ReceivedAt} DESC, id DESC LIMIT @limit";
        command.Parameters.AddWithValue("limit", limit + 1);
        return await InboxBrowserRows.ReadPageAsync(command, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InboxFailureGroup>> FailureGroupsAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"""
            SELECT {Status}, {EventType}, COALESCE({LastError}, ''), COUNT(*), MAX({ReceivedAt})
            FROM {InboxTable} WHERE {Status} IN ('dead', 'failed')
            GROUP BY 1, 2, 3 ORDER BY 4 DESC, 5 DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 1000));
        return await InboxBrowserRows.ReadFailureGroupsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> ReplayGroupAsync(InboxFailureGroupKey group, CancellationToken cancellationToken = default)
    {
        var replayed = await ExecuteGroupAsync($"UPDATE {InboxTable}\n{ReplaySet}\nWHERE {GroupWhere}", group, cancellationToken).ConfigureAwait(false);
        if (replayed > 0)
        {
            await NotifyAsync(cancellationToken).ConfigureAwait(false);
        }

        return replayed;
    }

    /// <inheritdoc/>
    public Task<int> PurgeGroupAsync(InboxFailureGroupKey group, CancellationToken cancellationToken = default) =>
        ExecuteGroupAsync($"DELETE FROM {InboxTable} WHERE {GroupWhere} AND {Status} = 'dead'", group, cancellationToken);

    /// <inheritdoc/>
    public async Task<long> CountDeadSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        // Dead rows are few (the status index finds them); the last history entry is the attempt that killed the row.
        using var command = _dataSource.CreateCommand($"SELECT COUNT(*) FROM {InboxTable} WHERE {Status} = 'dead' AND ({History} -> -1 ->> 'at')::bigint >= @since");
        command.Parameters.AddWithValue("since", since.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> LastReceivedAtAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT MAX({ReceivedAt}) FROM {InboxTable}");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <inheritdoc/>
    public async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    private async Task<int> ExecuteGroupAsync(string sql, InboxFailureGroupKey group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        using var command = _dataSource.CreateCommand(sql);
        if (sql.Contains("@now", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("now", NowMs());
        }

        command.Parameters.AddWithValue("status", StatusText(group.Status));
        command.Parameters.AddWithValue("type", group.EventType);
        command.Parameters.AddWithValue("error", NpgsqlDbType.Text, group.Error);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
