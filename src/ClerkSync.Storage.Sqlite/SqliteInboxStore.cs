using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;
using ClerkSync.Diagnostics;
using ClerkSync.Inbox;
using ClerkSync.Mirror.Schema;
using ClerkSync.Storage;
using ClerkSync.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SQLitePCL;

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
        WHERE {InboxTable.Status} IN ('failed', 'dead') AND {InboxTable.Body} = excluded.{InboxTable.Body}
        RETURNING json_array_length({InboxTable.History})
        """;

    // Run when AddSql wrote nothing: the id is stored; a different body is a conflict (issue #10), counted on the row.
    private static readonly string ConflictSql = $"""
        UPDATE {InboxTable.Name}
        SET {InboxTable.Conflicts} = {InboxTable.Conflicts} + 1, {InboxTable.LastConflictAt} = $received, {InboxTable.LastConflictType} = $type
        WHERE {InboxTable.WebhookId} = $id AND {InboxTable.Body} <> $body
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

    // The health probe's scratch table (issue #10): created by the first probe, empty between probes.
    private const string ProbeSql = """
        CREATE TABLE IF NOT EXISTS clerk_sync_probe (pad BLOB NOT NULL);
        DELETE FROM clerk_sync_probe;
        INSERT INTO clerk_sync_probe (pad) VALUES (zeroblob($bytes));
        """;

    private const string ProbeCleanupSql = "DELETE FROM clerk_sync_probe";

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

    // Set once the database is known to be corrupt (start-up check or a write): every later write is refused.
    private StorageUnavailableException? _fatal;
    private bool _initialized;

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

    /// <summary>
    /// Gets how long a write waits for the database lock another process holds before it is refused (issue #10): a
    /// delivery's answer comes within about twice this (its batch, and the one before it), far inside Svix's 15 s.
    /// </summary>
    internal static TimeSpan LockWait { get; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets how long the start-up integrity check (<c>PRAGMA quick_check</c>) may run; it is cut off after that,
    /// so that a large healthy database does not delay start-up, and corruption it did not reach is found at the first
    /// write that meets it. Zero skips the check.
    /// </summary>
    internal TimeSpan StartupCheckBudget { get; init; } = TimeSpan.FromMilliseconds(250);

    // In-memory databases have no WAL to checkpoint.
    internal bool IsFile => new SqliteConnectionStringBuilder(_connectionString) is { Mode: not SqliteOpenMode.Memory, DataSource: { Length: > 0 } source } && source != ":memory:";

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
            // The folder is created when the writer opens, where a failure names the database (issue #10).
            builder.DataSource = Path.GetFullPath(path);
        }

        return builder.ToString();
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A database that cannot be opened or is not a database throws <see cref="StorageUnavailableException"/>. Then, once
    /// per store, <c>PRAGMA quick_check</c> within <see cref="StartupCheckBudget"/>: corruption it finds is logged in one
    /// line and refuses every write from then on.
    /// </remarks>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _initialized))
        {
            // Migrated by this store already (serve opens the database before its host starts, then the host does).
            return;
        }

        await EnqueueAsync(
            async (store, connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                long? inboxVersion = null;
                foreach (var (component, known) in new[] { ("inbox", (long)InboxTable.Version), ("mirror", MirrorSchema.Version) })
                {
                    command.CommandText = $"SELECT {SchemaVersionTable.Version} FROM {SchemaVersionTable.Name} WHERE {SchemaVersionTable.Component} = '{component}'";
                    long? version = null;
                    try
                    {
                        version = command.ExecuteScalar() as long?;
                    }
                    catch (SqliteException ex) when (!SqliteFaults.IsStorageFault(ex))
                    {
                        // No version table yet: a new database.
                    }

                    if (version > known)
                    {
                        throw new StorageUnavailableException(
                            StorageFaultKind.CannotOpen,
                            $"{component} schema version {version}",
                            $"The database {store.DataSource} has {component} schema version {version}; this ClerkSync knows {known}. Upgrade ClerkSync or use another file.");
                    }

                    if (component == "inbox")
                    {
                        inboxVersion = version;
                    }
                }

                // The mirror tables (issue #4) live in the same file and migrate with the inbox.
                var migrate = inboxVersion == 1
                    ? InboxTable.MigrateToVersion2Sql + $"UPDATE {SchemaVersionTable.Name} SET {SchemaVersionTable.Version} = {InboxTable.Version}, {SchemaVersionTable.AppliedAt} = $now WHERE {SchemaVersionTable.Component} = 'inbox';"
                    : string.Empty;
                command.CommandText = SchemaVersionTable.CreateSql + InboxTable.CreateSql + migrate + $"""
                    INSERT INTO {SchemaVersionTable.Name} ({SchemaVersionTable.Component}, {SchemaVersionTable.Version}, {SchemaVersionTable.AppliedAt})
                    VALUES ('inbox', {InboxTable.Version}, $now) ON CONFLICT DO NOTHING;
                    INSERT INTO {SchemaVersionTable.Name} ({SchemaVersionTable.Component}, {SchemaVersionTable.Version}, {SchemaVersionTable.AppliedAt})
                    VALUES ('mirror', {MirrorSchema.Version}, $now)
                    ON CONFLICT ({SchemaVersionTable.Component}) DO UPDATE SET {SchemaVersionTable.Version} = excluded.{SchemaVersionTable.Version}, {SchemaVersionTable.AppliedAt} = excluded.{SchemaVersionTable.AppliedAt}
                    WHERE {SchemaVersionTable.Version} < excluded.{SchemaVersionTable.Version};
                    """;
                command.Parameters.AddWithValue("$now", store.NowMs());
                command.ExecuteNonQuery();
                await MirrorSchema.CreateAsync(connection, MirrorDialect.Sqlite, transaction).ConfigureAwait(false);

                // The dashboard's keyset indexes (issue #13), on the inbox and the mirror tables just created.
                command.CommandText = DashboardSchemaSql;
                command.Parameters.Clear();
                command.ExecuteNonQuery();
                return true;
            },
            isolated: true,
            WriteKind.Ordered,
            cancellationToken).ConfigureAwait(false);

        Volatile.Write(ref _initialized, true);
        if (IsFile && StartupCheckBudget > TimeSpan.Zero)
        {
            await CheckIntegrityAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Volatile.Read(ref _fatal) is null)
        {
            Log.StorageInitialized(_logger, DataSource);
        }
    }

    /// <summary>
    /// Checks that the database takes a write of <paramref name="bytes"/> (issue #10): a row of that many zero bytes in
    /// a scratch table, committed (so that its pages really reach the WAL), then deleted in a second commit. Throws as a
    /// delivery would.
    /// </summary>
    internal async Task ProbeWriteAsync(long bytes, CancellationToken cancellationToken)
    {
        await EnqueueAsync(
            (store, _, transaction) =>
            {
                var command = store.Command(ProbeSql, transaction);
                Set(command, "$bytes", Math.Clamp(bytes, 0, 64L * 1024 * 1024));
                command.ExecuteNonQuery();
                return ValueTask.FromResult(true);
            },
            isolated: false,
            WriteKind.Ordered,
            cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(
            (store, _, transaction) =>
            {
                store.Command(ProbeCleanupSql, transaction).ExecuteNonQuery();
                return ValueTask.FromResult(true);
            },
            isolated: false,
            WriteKind.Ordered,
            cancellationToken).ConfigureAwait(false);
    }

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

    // PRAGMA quick_check reads every page: on a large database it is cut off after the budget, and what it did not
    // reach is checked by the first write that meets it. The cut is SQLite's progress handler, run on the checking
    // thread every 1,000 instructions: unlike a timer calling sqlite3_interrupt, it cannot come late on a busy machine.
    private async Task CheckIntegrityAsync(CancellationToken cancellationToken)
    {
        const int Interrupted = 9;
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1)";
            var handle = connection.Handle!;
            var started = _time.GetTimestamp();
            string? result;
            raw.sqlite3_progress_handler(handle, 1000, _ => _time.GetElapsedTime(started) > StartupCheckBudget ? 1 : 0, null);
            try
            {
                result = command.ExecuteScalar() as string;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == Interrupted)
            {
                Log.StartupCheckCutOff(_logger, DataSource, StartupCheckBudget);
                return;
            }
            catch (SqliteException ex) when (SqliteFaults.IsStorageFault(ex))
            {
                result = ex.Message;
            }
            finally
            {
                raw.sqlite3_progress_handler(handle, 0, null, null);
            }

            if (!string.Equals(result, "ok", StringComparison.Ordinal))
            {
                MarkCorrupt(SqliteFaults.Corrupt(DataSource, $"quick_check reports {result?.ReplaceLineEndings("; ")}"));
            }
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

    /// <summary>Opens a pooled connection beside the writer (WAL readers never block it).</summary>
    internal async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
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
