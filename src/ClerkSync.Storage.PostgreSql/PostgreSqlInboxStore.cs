using System.Data.Common;
using System.Text.Json;
using ClerkSync.Inbox;
using Npgsql;
using NpgsqlTypes;
using static ClerkSync.Storage.PostgreSql.Schema.PostgreSqlSchema;

namespace ClerkSync.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL inbox (issue #4): several instances on one database. Claims take due rows with
/// <c>FOR UPDATE SKIP LOCKED</c> inside one <c>UPDATE ... RETURNING</c>, so two workers never take the same row and
/// never wait on each other; leases make a crashed worker's rows claimable again. Each request is one pooled
/// connection and one statement (or one transaction for a completion with its mirror write).
/// </summary>
internal sealed partial class PostgreSqlInboxStore : IInboxStore, IAsyncDisposable
{
    private const string Due = $"{Status} IN ('pending', 'failed', 'processing') AND {NextAttemptAt} <= @now";

    private const string AddSql = $"""
        INSERT INTO {InboxTable} AS t ({WebhookId}, {EventType}, {EventTimestamp}, {EntityKey}, {ReceivedAt}, {SignatureTimestamp}, {Signature},
            {Status}, {Attempts}, {NextAttemptAt}, {History}, {Body})
        VALUES (@id, @type, @ts, @key, @received, @sigts, @sig, 'pending', 0, @received, '[]', @body)
        ON CONFLICT ({WebhookId}) DO UPDATE SET
            {Status} = 'pending', {Attempts} = 0, {NextAttemptAt} = excluded.{ReceivedAt}, {LockedBy} = NULL, {LockedUntil} = NULL,
            {SignatureTimestamp} = excluded.{SignatureTimestamp}, {Signature} = excluded.{Signature},
            {History} = t.{History} || jsonb_build_array(jsonb_build_object('attempt', 0, 'at', excluded.{ReceivedAt}, 'outcome', 'requeued'))
        WHERE t.{Status} IN ('failed', 'dead') AND t.{Body} = excluded.{Body}
        RETURNING jsonb_array_length({History})
        """;

    // Run when AddSql wrote nothing: the id is stored; a different body is a conflict (issue #10), counted on the row.
    private const string ConflictSql = $"""
        UPDATE {InboxTable} SET {Conflicts} = {Conflicts} + 1, {LastConflictAt} = @received, {LastConflictType} = @type
        WHERE {WebhookId} = @id AND {Body} <> @body
        """;

    // The claim: due rows whose entity has no unexpired lease and no earlier due row (event time, then svix id), in
    // due order. SKIP LOCKED passes over rows another worker is claiming right now; such a row is still visible as due
    // to the NOT EXISTS, so a later row of its entity is not taken meanwhile (the entity ordering rule holds across
    // instances). A row whose lock is released and found already processing is re-checked and dropped.
    private const string ClaimSql = $"""
        WITH picked AS (
            SELECT c.id FROM {InboxTable} c
            WHERE c.{Due}
              AND (c.{EntityKey} IS NULL OR NOT EXISTS (
                  SELECT 1 FROM {InboxTable} e
                  WHERE e.{EntityKey} = c.{EntityKey} AND e.id <> c.id
                    AND ((e.{Status} = 'processing' AND e.{LockedUntil} > @now)
                      OR (e.{Due} AND (e.{EventTimestamp} < c.{EventTimestamp}
                          OR (e.{EventTimestamp} = c.{EventTimestamp} AND e.{WebhookId} COLLATE "C" < c.{WebhookId} COLLATE "C"))))))
            ORDER BY c.{NextAttemptAt}
            LIMIT @max
            FOR UPDATE SKIP LOCKED)
        UPDATE {InboxTable} i
        SET {Status} = 'processing', {LockedBy} = @worker, {LockedUntil} = @until, {NextAttemptAt} = @until, {Attempts} = i.{Attempts} + 1
        FROM picked WHERE i.id = picked.id
        RETURNING {Columns}
        """;

    private const string Owned = $"{WebhookId} = @id AND {Status} = 'processing' AND {LockedBy} = @worker AND {Attempts} = @attempts";

    private const string CompleteSql = $"""
        UPDATE {InboxTable}
        SET {Status} = 'done', {ProcessedAt} = @now, {LockedBy} = NULL, {LockedUntil} = NULL, {NextAttemptAt} = NULL, {LastError} = NULL,
            {History} = {History} || jsonb_build_array(jsonb_build_object('attempt', {Attempts}, 'at', @now::bigint, 'outcome', 'done', 'worker', @worker::text))
        WHERE {Owned}
        """;

    private const string FailSql = $"""
        UPDATE {InboxTable}
        SET {Status} = @status, {NextAttemptAt} = @next, {LockedBy} = NULL, {LockedUntil} = NULL, {LastError} = @error,
            {History} = {History} || jsonb_build_array(jsonb_build_object('attempt', {Attempts}, 'at', @now::bigint, 'outcome', @status::text, 'error', @error::text, 'worker', @worker::text))
        WHERE {Owned}
        """;

    private const string ReleaseSql = $"""
        UPDATE {InboxTable}
        SET {Status} = 'pending', {Attempts} = {Attempts} - 1, {NextAttemptAt} = @now, {LockedBy} = NULL, {LockedUntil} = NULL,
            {History} = {History} || jsonb_build_array(jsonb_build_object('attempt', {Attempts}, 'at', @now::bigint, 'outcome', 'released', 'worker', @worker::text))
        WHERE {Owned}
        """;

    // What a replay sets, by id, by filter or by failure group (the dashboard).
    private const string ReplaySet = $"""
        SET {Status} = 'pending', {Attempts} = 0, {NextAttemptAt} = @now, {LockedBy} = NULL, {LockedUntil} = NULL, {ProcessedAt} = NULL,
            {History} = {History} || jsonb_build_array(jsonb_build_object('attempt', 0, 'at', @now::bigint, 'outcome', 'replayed'))
        """;

    private const string ReplaySql = $"""
        UPDATE {InboxTable}
        {ReplaySet}
        WHERE (@id::text IS NOT NULL AND {WebhookId} = @id::text AND {Status} NOT IN ('pending', 'processing'))
           OR (@id::text IS NULL AND {Status} = ANY(@statuses)
               AND (@since::bigint IS NULL OR {ReceivedAt} >= @since::bigint) AND (@type::text IS NULL OR {EventType} = @type::text))
        """;

    // Done rows through the partial index on processed_at (inbox migration 2); dead rows (few) through the status index.
    private const string PurgeSql = $"""
        DELETE FROM {InboxTable} WHERE id IN (
            SELECT id FROM {InboxTable} WHERE @done AND {Status} = 'done' AND {ProcessedAt} < @before
            UNION ALL
            SELECT id FROM {InboxTable} WHERE @dead AND {Status} = 'dead' AND {ReceivedAt} < @before
            LIMIT @max)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly bool _ownsDataSource;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlInboxStore"/> class.</summary>
    /// <param name="dataSource">The data source (pooled connections).</param>
    /// <param name="time">The clock.</param>
    /// <param name="ownsDataSource">Whether disposing the store disposes the data source.</param>
    public PostgreSqlInboxStore(NpgsqlDataSource dataSource, TimeProvider? time = null, bool ownsDataSource = false)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>Gets the data source.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Builds a data source for a connection string, with statement auto-preparation on unless configured.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The mirror's upserts are long statements run over and over: prepare them once per connection.
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, CreateVersionTable, cancellationToken).ConfigureAwait(false);
                var versions = new Dictionary<string, int>(StringComparer.Ordinal);
                using (var select = new NpgsqlCommand($"SELECT component, version FROM {VersionTable}", connection, transaction))
                {
                    var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            versions[reader.GetString(0)] = reader.GetInt32(1);
                        }
                    }
                }

                foreach (var (component, known) in versions)
                {
                    var latest = Migrations.Where(m => m.Component == component).Select(m => m.Version).DefaultIfEmpty(0).Max();
                    if (known > latest)
                    {
                        throw new InvalidOperationException(
                            $"The database has {component} schema version {known}; this ClerkSync knows {latest}. Upgrade ClerkSync or use another database.");
                    }
                }

                foreach (var (component, version, statements) in Migrations)
                {
                    if (versions.TryGetValue(component, out var applied) && applied >= version)
                    {
                        continue;
                    }

                    foreach (var statement in statements)
                    {
                        await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                    }

                    using var record = new NpgsqlCommand(
                        $"INSERT INTO {VersionTable} (component, version, applied_at) VALUES (@c, @v, @at) ON CONFLICT (component) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at",
                        connection,
                        transaction);
                    record.Parameters.AddWithValue("c", component);
                    record.Parameters.AddWithValue("v", version);
                    record.Parameters.AddWithValue("at", NowMs());
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<InboxAddResult> AddAsync(InboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var command = _dataSource.CreateCommand(AddSql);
        command.Parameters.AddWithValue("id", delivery.WebhookId);
        command.Parameters.AddWithValue("type", delivery.EventType);
        command.Parameters.AddWithValue("ts", delivery.EventTimestamp);
        command.Parameters.AddWithValue("key", NpgsqlDbType.Text, (object?)delivery.EntityKey ?? DBNull.Value);
        command.Parameters.AddWithValue("received", delivery.ReceivedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("sigts", delivery.SignatureTimestamp);
        command.Parameters.AddWithValue("sig", delivery.Signature);
        command.Parameters.AddWithValue("body", NpgsqlDbType.Bytea, delivery.Body);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result switch
        {
            null or DBNull => await AddConflictAsync(delivery, cancellationToken).ConfigureAwait(false),
            int length when length == 0 => InboxAddResult.Stored,
            _ => InboxAddResult.Requeued,
        };
    }

    private async Task<InboxAddResult> AddConflictAsync(InboxDelivery delivery, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand(ConflictSql);
        command.Parameters.AddWithValue("id", delivery.WebhookId);
        command.Parameters.AddWithValue("type", delivery.EventType);
        command.Parameters.AddWithValue("received", delivery.ReceivedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("body", NpgsqlDbType.Bytea, delivery.Body);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0 ? InboxAddResult.Conflict : InboxAddResult.Duplicate;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InboxMessage>> ClaimAsync(string workerId, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var now = NowMs();
        using var command = _dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("until", now + (long)lease.TotalMilliseconds);
        command.Parameters.AddWithValue("worker", workerId);
        command.Parameters.AddWithValue("max", maxCount);
        return await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> CompleteAsync(InboxMessage message, string workerId, Func<DbTransaction, CancellationToken, Task>? inTransaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var command = new NpgsqlCommand(CompleteSql, connection, transaction))
                {
                    SetOwner(command, message, workerId);
                    command.Parameters.AddWithValue("now", NowMs());
                    if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        return false;
                    }
                }

                // The mirror writes in the same transaction: both commit or neither (a throw rolls back the mark).
                if (inTransaction is not null)
                {
                    await inTransaction(transaction, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<bool> FailAsync(InboxMessage message, string workerId, string error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var command = _dataSource.CreateCommand(FailSql);
        SetOwner(command, message, workerId);
        command.Parameters.AddWithValue("now", NowMs());
        command.Parameters.AddWithValue("status", nextAttemptAt is null ? "dead" : "failed");
        command.Parameters.AddWithValue("next", NpgsqlDbType.Bigint, (object?)nextAttemptAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("error", NpgsqlDbType.Text, (object?)error ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task ReleaseAsync(IReadOnlyCollection<InboxMessage> messages, string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        using var batch = _dataSource.CreateBatch();
        foreach (var message in messages)
        {
            var command = new NpgsqlBatchCommand(ReleaseSql);
            command.Parameters.AddWithValue("id", message.WebhookId);
            command.Parameters.AddWithValue("worker", workerId);
            command.Parameters.AddWithValue("attempts", message.Attempts);
            command.Parameters.AddWithValue("now", NowMs());
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await NotifyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> ReplayAsync(ReplayFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = filter.Statuses is { Count: > 0 } s ? s : [InboxStatus.Dead, InboxStatus.Failed];
        using var command = _dataSource.CreateCommand(ReplaySql);
        command.Parameters.AddWithValue("now", NowMs());
        command.Parameters.AddWithValue("id", NpgsqlDbType.Text, (object?)filter.WebhookId ?? DBNull.Value);
        command.Parameters.AddWithValue("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text, statuses.Select(StatusText).ToArray());
        command.Parameters.AddWithValue("since", NpgsqlDbType.Bigint, (object?)filter.Since?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("type", NpgsqlDbType.Text, (object?)filter.EventType ?? DBNull.Value);
        var replayed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (replayed > 0)
        {
            await NotifyAsync(cancellationToken).ConfigureAwait(false);
        }

        return replayed;
    }

    /// <inheritdoc/>
    public async Task<int> PurgeAsync(PurgeFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (done, dead) = filter.Validate();
        using var command = _dataSource.CreateCommand(PurgeSql);
        command.Parameters.AddWithValue("done", done);
        command.Parameters.AddWithValue("dead", dead);
        command.Parameters.AddWithValue("before", filter.Before.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("max", filter.MaxRows);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<InboxMessage?> GetAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM {InboxTable} WHERE {WebhookId} = @id");
        command.Parameters.AddWithValue("id", webhookId);
        var rows = await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InboxMessage>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = _dataSource.CreateCommand($"""
            SELECT {Columns} FROM {InboxTable}
            WHERE (@status::text IS NULL OR {Status} = @status::text) AND (@type::text IS NULL OR {EventType} = @type::text)
              AND (@since::bigint IS NULL OR {ReceivedAt} >= @since::bigint)
            ORDER BY id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("status", NpgsqlDbType.Text, query.Status is { } status ? StatusText(status) : DBNull.Value);
        command.Parameters.AddWithValue("type", NpgsqlDbType.Text, (object?)query.EventType ?? DBNull.Value);
        command.Parameters.AddWithValue("since", NpgsqlDbType.Bigint, (object?)query.Since?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", Math.Max(1, query.Limit));
        return await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<InboxStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"""
            SELECT {Status}, COUNT(*) FROM {InboxTable} GROUP BY {Status};
            SELECT MIN({ReceivedAt}) FROM {InboxTable} WHERE {Status} IN ('pending', 'failed');
            """);
        var counts = Enum.GetValues<InboxStatus>().ToDictionary(s => s, _ => 0L);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[ParseStatus(reader.GetString(0))] = reader.GetInt64(1);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            DateTimeOffset? oldest = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0)
                ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0))
                : null;
            return new InboxStats(counts, oldest);
        }
    }

    /// <summary>Checks that the database answers and holds the schema.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"SELECT COUNT(*) FROM {VersionTable}");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long;
    }

    /// <summary>
    /// Listens on the inbox channel and calls <paramref name="onNotification"/> for each notification (a delivery stored
    /// or replayed by any instance) until cancelled. Reconnects after a failure; workers also poll, so a gap only delays.
    /// </summary>
    public async Task ListenAsync(Action onNotification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onNotification);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += (_, _) => onNotification();
                    using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    // Rows stored while nobody listened are picked up by this wake-up (or by polling).
                    onNotification();
                    while (true)
                    {
                        await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static string StatusText(InboxStatus status) => InboxStatusText.From(status);

    internal static InboxStatus ParseStatus(string text) => InboxStatusText.Parse(text);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void SetOwner(NpgsqlCommand command, InboxMessage message, string workerId)
    {
        command.Parameters.AddWithValue("id", message.WebhookId);
        command.Parameters.AddWithValue("worker", workerId);
        command.Parameters.AddWithValue("attempts", message.Attempts);
    }

    private static async Task<IReadOnlyList<InboxMessage>> ReadMessagesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<InboxMessage>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(InboxRows.Read(reader));
            }
        }

        return rows;
    }

    private async Task NotifyAsync(CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"SELECT pg_notify('{Channel}', '')");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
