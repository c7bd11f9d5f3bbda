using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;
using ClerkSync.Diagnostics;
using ClerkSync.Inbox;
using ClerkSync.Mirror.Schema;
using ClerkSync.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClerkSync.Storage.Sqlite;

/// <summary>
/// The SQLite inbox (issue #3): one file in WAL mode. Every write goes through one writer connection and one loop
/// (group commit): the loop takes all queued requests, runs them in one transaction, commits (one fsync with
/// <c>synchronous=FULL</c>), and only then completes their tasks, so an acknowledged delivery is on disk. Reads use
/// pooled connections beside the writer (WAL readers never block it).
/// </summary>
internal sealed partial class SqliteInboxStore : IInboxStore, IAsyncDisposable
{
    private const int MaxBatchSize = 512;

    private const string Due = $"{InboxTable.Status} IN ('pending', 'failed', 'processing') AND {InboxTable.NextAttemptAt} <= $now";

    private static readonly string AddSql = $"""
        INSERT INTO {InboxTable.Name} ({InboxTable.WebhookId}, {InboxTable.EventType}, {InboxTable.EventTimestamp}, {InboxTable.EntityKey},
            {InboxTable.ReceivedAt}, {InboxTable.SignatureTimestamp}, {InboxTable.Signature}, {InboxTable.Status}, {InboxTable.Attempts},
            {InboxTable.NextAttemptAt}, {InboxTable.History}, {InboxTable.Body})
        VALUES ($id, $type, $ts, $key, $received, $sigts, $sig, 'pending', 0, $received, '[]', $body)
        ON CONFLICT ({InboxTable.WebhookId}) DO UPDATE SET
            {InboxTable.Status} = 'pending', {InboxTable.Attempts} = 0, {InboxTable.NextAttemptAt} = excluded.{InboxTable.ReceivedAt},
            {InboxTable.LockedBy} = NULL, {InboxTable.LockedUntil} = NULL,
            {InboxTable.SignatureTimestamp} = excluded.{InboxTable.SignatureTimestamp}, {InboxTable.Signature} = excluded.{InboxTable.Signature},
            {InboxTable.History} = json_insert({InboxTable.History}, '$[#]', json_object('attempt', 0, 'at', excluded.{InboxTable.ReceivedAt}, 'outcome', 'requeued'))
        WHERE {InboxTable.Status} IN ('failed', 'dead')
        RETURNING json_array_length({InboxTable.History})
        """;

    // The claim (one statement): due rows whose entity has no unexpired lease and no earlier due row. Candidates come
    // in index order (status, next_attempt_at), so the LIMIT stops the scan early even with a large backlog.
    private static readonly string ClaimSql = $"""
        UPDATE {InboxTable.Name}
        SET {InboxTable.Status} = 'processing', {InboxTable.LockedBy} = $worker, {InboxTable.LockedUntil} = $until,
            {InboxTable.NextAttemptAt} = $until, {InboxTable.Attempts} = {InboxTable.Attempts} + 1
        WHERE rowid IN (
            SELECT c.rowid FROM {InboxTable.Name} c
            WHERE c.{Due}
              AND (c.{InboxTable.EntityKey} IS NULL OR NOT EXISTS (
                  SELECT 1 FROM {InboxTable.Name} e
                  WHERE e.{InboxTable.EntityKey} = c.{InboxTable.EntityKey} AND e.rowid <> c.rowid
                    AND ((e.{InboxTable.Status} = 'processing' AND e.{InboxTable.LockedUntil} > $now)
                      OR (e.{Due} AND (e.{InboxTable.EventTimestamp} < c.{InboxTable.EventTimestamp}
                          OR (e.{InboxTable.EventTimestamp} = c.{InboxTable.EventTimestamp} AND e.{InboxTable.WebhookId} < c.{InboxTable.WebhookId}))))))
            LIMIT $max)
        RETURNING {InboxTable.Columns}
        """;

    private const string Owned =
        $"{InboxTable.WebhookId} = $id AND {InboxTable.Status} = 'processing' AND {InboxTable.LockedBy} = $worker AND {InboxTable.Attempts} = $attempts";

    private static readonly string CompleteSql = $"""
        UPDATE {InboxTable.Name}
        SET {InboxTable.Status} = 'done', {InboxTable.ProcessedAt} = $now, {InboxTable.LockedBy} = NULL, {InboxTable.LockedUntil} = NULL,
            {InboxTable.NextAttemptAt} = NULL, {InboxTable.LastError} = NULL,
            {InboxTable.History} = json_insert({InboxTable.History}, '$[#]', json_object('attempt', {InboxTable.Attempts}, 'at', $now, 'outcome', 'done', 'worker', $worker))
        WHERE {Owned}
        """;

    private static readonly string FailSql = $"""
        UPDATE {InboxTable.Name}
        SET {InboxTable.Status} = $status, {InboxTable.NextAttemptAt} = $next, {InboxTable.LockedBy} = NULL, {InboxTable.LockedUntil} = NULL,
            {InboxTable.LastError} = $error,
            {InboxTable.History} = json_insert({InboxTable.History}, '$[#]', json_object('attempt', {InboxTable.Attempts}, 'at', $now, 'outcome', $status, 'error', $error, 'worker', $worker))
        WHERE {Owned}
        """;

    private static readonly string ReleaseSql = $"""
        UPDATE {InboxTable.Name}
        SET {InboxTable.Status} = 'pending', {InboxTable.Attempts} = {InboxTable.Attempts} - 1, {InboxTable.NextAttemptAt} = $now,
            {InboxTable.LockedBy} = NULL, {InboxTable.LockedUntil} = NULL,
            {InboxTable.History} = json_insert({InboxTable.History}, '$[#]', json_object('attempt', {InboxTable.Attempts}, 'at', $now, 'outcome', 'released', 'worker', $worker))
        WHERE {Owned}
        """;

    // What a replay sets, by id, by filter or by failure group (the dashboard).
    private const string ReplaySet = $"""
        SET {InboxTable.Status} = 'pending', {InboxTable.Attempts} = 0, {InboxTable.NextAttemptAt} = $now, {InboxTable.LockedBy} = NULL,
            {InboxTable.LockedUntil} = NULL, {InboxTable.ProcessedAt} = NULL,
            {InboxTable.History} = json_insert({InboxTable.History}, '$[#]', json_object('attempt', 0, 'at', $now, 'outcome', 'replayed'))
        """;

    private static readonly string ReplaySql = $"""
        UPDATE {InboxTable.Name}
        {ReplaySet}
        WHERE ($id IS NOT NULL AND {InboxTable.WebhookId} = $id AND {InboxTable.Status} NOT IN ('pending', 'processing'))
           OR ($id IS NULL AND instr($statuses, ',' || {InboxTable.Status} || ',') > 0
               AND ($since IS NULL OR {InboxTable.ReceivedAt} >= $since) AND ($type IS NULL OR {InboxTable.EventType} = $type))
        """;

    // Done rows through the partial index on processed_at (named: without statistics SQLite prefers the status index,
    // which walks every done row); dead rows (few) through the status index.
    internal static readonly string PurgeSql = $"""
        DELETE FROM {InboxTable.Name} WHERE rowid IN (
            SELECT rowid FROM {InboxTable.Name} INDEXED BY {InboxTable.DoneIndex} WHERE $done = 1 AND {InboxTable.Status} = 'done' AND {InboxTable.ProcessedAt} < $before
            UNION ALL
            SELECT rowid FROM {InboxTable.Name} WHERE $dead = 1 AND {InboxTable.Status} = 'dead' AND {InboxTable.ReceivedAt} < $before
            LIMIT $max)
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _synchronousFull;
    private readonly Channel<WriteRequest> _requests = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private readonly object _startLock = new();
    private Task? _writerLoop;
    private SqliteConnection? _writer;
    private SqliteCheckpointer? _checkpointer;

    /// <summary>Initializes a new instance of the <see cref="SqliteInboxStore"/> class.</summary>
    /// <param name="pathOrConnectionString">A file path (<c>clerk-sync.db</c>) or a connection string (<c>Data Source=...</c>).</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="synchronousFull">FULL (default): a commit survives power loss. NORMAL: a process crash only.</param>
    public SqliteInboxStore(string pathOrConnectionString, TimeProvider? time = null, ILogger? logger = null, bool synchronousFull = true)
    {
        _connectionString = NormalizeConnectionString(pathOrConnectionString);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _synchronousFull = synchronousFull;
    }

    /// <summary>Gets the database file path.</summary>
    public string DataSource => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    // In-memory databases have no WAL to checkpoint.
    private bool IsFile => new SqliteConnectionStringBuilder(_connectionString) is { Mode: not SqliteOpenMode.Memory, DataSource: { Length: > 0 } source } && source != ":memory:";

    /// <summary>Turns a path or connection string into a pooled read-write-create connection string.</summary>
    internal static string NormalizeConnectionString(string pathOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        var builder = pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(pathOrConnectionString)
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString };
        builder.Pooling = true;
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }

        return builder.ToString();
    }

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        EnqueueAsync(
            (store, connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"SELECT {SchemaVersionTable.Version} FROM {SchemaVersionTable.Name} WHERE {SchemaVersionTable.Component} = 'inbox'";
                long? version = null;
                try
                {
                    version = command.ExecuteScalar() as long?;
                }
                catch (SqliteException)
                {
                    // No version table yet: a new database.
                }

                if (version > InboxTable.Version)
                {
                    throw new InvalidOperationException(
                        $"The database {store.DataSource} has inbox schema version {version}; this ClerkSync knows {InboxTable.Version}. Upgrade ClerkSync or use another file.");
                }

                // The mirror tables (issue #4) live in the same file and migrate with the inbox.
                command.CommandText = SchemaVersionTable.CreateSql + InboxTable.CreateSql + MirrorSchema.Script(MirrorDialect.Sqlite) + DashboardSchemaSql + $"""
                    INSERT INTO {SchemaVersionTable.Name} ({SchemaVersionTable.Component}, {SchemaVersionTable.Version}, {SchemaVersionTable.AppliedAt})
                    VALUES ('inbox', {InboxTable.Version}, $now) ON CONFLICT DO NOTHING;
                    INSERT INTO {SchemaVersionTable.Name} ({SchemaVersionTable.Component}, {SchemaVersionTable.Version}, {SchemaVersionTable.AppliedAt})
                    VALUES ('mirror', {MirrorSchema.Version}, $now) ON CONFLICT DO NOTHING;
                    """;
                command.Parameters.AddWithValue("$now", store.NowMs());
                command.ExecuteNonQuery();
                Log.StorageInitialized(store._logger, store.DataSource);
                return ValueTask.FromResult(true);
            },
            isolated: true,
            WriteKind.Ordered,
            cancellationToken);

    /// <inheritdoc/>
    public ValueTask<InboxAddResult> AddAsync(InboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var request = new AddRequest(delivery, cancellationToken);
        Enqueue(request);
        return new ValueTask<InboxAddResult>(request.Task);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<InboxMessage>> ClaimAsync(string workerId, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return EnqueueAsync<IReadOnlyList<InboxMessage>>(
            (store, connection, transaction) =>
            {
                var now = store.NowMs();
                var command = store.Command(ClaimSql, transaction);
                Set(command, "$worker", workerId);
                Set(command, "$now", now);
                Set(command, "$until", now + (long)lease.TotalMilliseconds);
                Set(command, "$max", maxCount);
                var rows = new List<InboxMessage>();
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        rows.Add(InboxRows.Read(reader));
                    }
                }

                return ValueTask.FromResult<IReadOnlyList<InboxMessage>>(rows);
            },
            isolated: true,
            WriteKind.Processing,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> CompleteAsync(InboxMessage message, string workerId, Func<DbTransaction, CancellationToken, Task>? inTransaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EnqueueAsync(
            async (store, connection, transaction) =>
            {
                var command = store.Command(CompleteSql, transaction);
                SetOwner(command, message, workerId);
                Set(command, "$now", store.NowMs());
                if (command.ExecuteNonQuery() == 0)
                {
                    return false;
                }

                // The mirror writes in the same transaction (under this request's savepoint): both commit or neither.
                if (inTransaction is not null)
                {
                    await inTransaction(transaction, cancellationToken).ConfigureAwait(false);
                }

                return true;
            },
            isolated: true,
            WriteKind.Processing,
            CancellationToken.None);
    }

    /// <inheritdoc/>
    public Task<bool> FailAsync(InboxMessage message, string workerId, string error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EnqueueAsync(
            (store, connection, transaction) =>
            {
                var command = store.Command(FailSql, transaction);
                SetOwner(command, message, workerId);
                Set(command, "$now", store.NowMs());
                Set(command, "$status", nextAttemptAt is null ? "dead" : "failed");
                Set(command, "$next", nextAttemptAt?.ToUnixTimeMilliseconds());
                Set(command, "$error", error);
                return ValueTask.FromResult(command.ExecuteNonQuery() > 0);
            },
            isolated: true,
            WriteKind.Processing,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(IReadOnlyCollection<InboxMessage> messages, string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return EnqueueAsync(
            (store, connection, transaction) =>
            {
                var command = store.Command(ReleaseSql, transaction);
                var released = 0;
                foreach (var message in messages)
                {
                    SetOwner(command, message, workerId);
                    Set(command, "$now", store.NowMs());
                    released += command.ExecuteNonQuery();
                }

                return ValueTask.FromResult(released);
            },
            isolated: true,
            WriteKind.Processing,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> ReplayAsync(ReplayFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = filter.Statuses is { Count: > 0 } s ? s : [InboxStatus.Dead, InboxStatus.Failed];
        var statusList = "," + string.Join(',', statuses.Select(StatusText)) + ",";
        return EnqueueAsync(
            (store, connection, transaction) =>
            {
                var command = store.Command(ReplaySql, transaction);
                Set(command, "$now", store.NowMs());
                Set(command, "$id", filter.WebhookId);
                Set(command, "$statuses", statusList);
                Set(command, "$since", filter.Since?.ToUnixTimeMilliseconds());
                Set(command, "$type", filter.EventType);
                return ValueTask.FromResult(command.ExecuteNonQuery());
            },
            isolated: true,
            WriteKind.Ordered,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> PurgeAsync(PurgeFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (done, dead) = filter.Validate();
        return EnqueueAsync(
            (store, connection, transaction) =>
            {
                var command = store.Command(PurgeSql, transaction);
                Set(command, "$done", done ? 1 : 0);
                Set(command, "$dead", dead ? 1 : 0);
                Set(command, "$before", filter.Before.ToUnixTimeMilliseconds());
                Set(command, "$max", filter.MaxRows);
                return ValueTask.FromResult(command.ExecuteNonQuery());
            },
            isolated: true,
            WriteKind.Processing,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<InboxMessage?> GetAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {InboxTable.Columns} FROM {InboxTable.Name} WHERE {InboxTable.WebhookId} = $id";
            command.Parameters.AddWithValue("$id", webhookId);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return reader.Read() ? InboxRows.Read(reader) : null;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InboxMessage>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {InboxTable.Columns} FROM {InboxTable.Name}
                WHERE ($status IS NULL OR {InboxTable.Status} = $status) AND ($type IS NULL OR {InboxTable.EventType} = $type)
                  AND ($since IS NULL OR {InboxTable.ReceivedAt} >= $since)
                ORDER BY rowid DESC LIMIT $limit
                """;
            Set(command, "$status", query.Status is { } status ? StatusText(status) : null);
            Set(command, "$type", query.EventType);
            Set(command, "$since", query.Since?.ToUnixTimeMilliseconds());
            Set(command, "$limit", Math.Max(1, query.Limit));
            var rows = new List<InboxMessage>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (reader.Read())
            {
                rows.Add(InboxRows.Read(reader));
            }

            return rows;
        }
    }

    /// <inheritdoc/>
    public async Task<InboxStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {InboxTable.Status}, COUNT(*) FROM {InboxTable.Name} GROUP BY {InboxTable.Status};
                SELECT MIN({InboxTable.ReceivedAt}) FROM {InboxTable.Name} WHERE {InboxTable.Status} IN ('pending', 'failed');
                """;
            var counts = Enum.GetValues<InboxStatus>().ToDictionary(s => s, _ => 0L);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (reader.Read())
            {
                counts[ParseStatus(reader.GetString(0))] = reader.GetInt64(1);
            }

            reader.NextResult();
            DateTimeOffset? oldest = reader.Read() && !reader.IsDBNull(0) ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)) : null;
            return new InboxStats(counts, oldest);
        }
    }

    /// <summary>Checks that the database answers.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {SchemaVersionTable.Name}";
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        if (_writerLoop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _checkpointer?.Dispose();
        if (_writer is { } writer)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static string StatusText(InboxStatus status) => InboxStatusText.From(status);

    internal static InboxStatus ParseStatus(string text) => InboxStatusText.Parse(text);

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private SqliteCommand Command(string sql, SqliteTransaction transaction)
    {
        // One prepared statement per SQL text on the writer connection, reused across batches.
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _writer!.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }

    private static void Set(SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }
    }

    private static void SetOwner(SqliteCommand command, InboxMessage message, string workerId)
    {
        Set(command, "$id", message.WebhookId);
        Set(command, "$worker", workerId);
        Set(command, "$attempts", message.Attempts);
    }

    private static byte[] ToArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

}
