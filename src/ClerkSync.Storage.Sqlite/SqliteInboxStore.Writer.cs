using ClerkSync.Diagnostics;
using ClerkSync.Inbox;
using ClerkSync.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace ClerkSync.Storage.Sqlite;

/// <summary>The group-commit writer: one connection, one loop, one transaction per batch of queued requests.</summary>
internal sealed partial class SqliteInboxStore
{
    private delegate ValueTask<T> WriteBody<T>(SqliteInboxStore store, SqliteConnection connection, SqliteTransaction transaction);

    private void Enqueue(WriteRequest request)
    {
        if (_writerLoop is null)
        {
            lock (_startLock)
            {
                _writerLoop ??= Task.Run(WriteLoopAsync);
            }
        }

        if (!_requests.Writer.TryWrite(request))
        {
            request.Fail(new ObjectDisposedException(nameof(SqliteInboxStore)));
            request.Complete();
        }
    }

    private Task<T> EnqueueAsync<T>(WriteBody<T> body, bool isolated, WriteKind kind, CancellationToken cancellationToken)
    {
        var request = new WriteRequest<T>(body, isolated, kind, cancellationToken);
        Enqueue(request);
        return request.Task;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _requests.Reader;
        var batch = new List<WriteRequest>(MaxBatchSize);

        // Processing work waiting for a batch of its own: see WriteKind.Processing.
        var processing = new Queue<WriteRequest>();
        while (processing.Count > 0 || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchSize && reader.TryRead(out var request))
            {
                if (request.Kind == WriteKind.Processing)
                {
                    processing.Enqueue(request);
                }
                else
                {
                    batch.Add(request);
                }
            }

            // While deliveries wait for their 2xx, one processing request rides along per batch: a burst is
            // acknowledged at full speed and processing still moves. With no delivery waiting, processing takes it all.
            var share = batch.Count == 0 ? MaxBatchSize : 1;
            while (share-- > 0 && processing.TryDequeue(out var request))
            {
                batch.Add(request);
            }

            await ExecuteBatchAsync(batch).ConfigureAwait(false);
            foreach (var request in batch)
            {
                // Completed after the commit returned: a 2xx is never sent for a row that is not on disk.
                request.Complete();
            }

            batch.Clear();
        }
    }

    private async Task ExecuteBatchAsync(List<WriteRequest> batch)
    {
        if (Volatile.Read(ref _fatal) is { } fatal)
        {
            // A corrupt database does not heal: refuse at once rather than write more into it.
            foreach (var request in batch)
            {
                request.Fail(fatal);
            }

            return;
        }

        SqliteTransaction? transaction = null;
        try
        {
            var connection = EnsureWriter();
            var changesBefore = raw.sqlite3_total_changes(connection.Handle!);
            transaction = connection.BeginTransaction();
            foreach (var request in batch)
            {
                if (request.IsCancelled)
                {
                    continue;
                }

                if (!request.Isolated)
                {
                    await request.ExecuteAsync(this, connection, transaction).ConfigureAwait(false);
                    continue;
                }

                // A savepoint per request: one failing request (a mirror error) rolls back alone.
                transaction.Save("r");
                try
                {
                    await request.ExecuteAsync(this, connection, transaction).ConfigureAwait(false);
                    transaction.Release("r");
                }
                catch (Exception ex) when (!SqliteFaults.IsStorageFault(ex))
                {
                    // The database's own errors (full, I/O, lock, corruption) fail the whole batch below; anything
                    // else only this request.
                    transaction.Rollback("r");
                    transaction.Release("r");
                    request.Fail(ex);
                }
            }

            transaction.Commit();

            // An empty claim commits nothing: only real writes keep the checkpointer from seeing the writer idle.
            if (raw.sqlite3_total_changes(connection.Handle!) != changesBefore)
            {
                _checkpointer?.Committed();
            }
        }
        catch (Exception ex)
        {
            var failure = SqliteFaults.Wrap(ex, DataSource, LockWait);
            Log.BatchFailed(_logger, batch.Count, StorageUnavailableException.ReasonOf(failure));
            if (failure is StorageUnavailableException { IsPermanent: true } corrupt)
            {
                MarkCorrupt(corrupt);
            }

            try
            {
                transaction?.Rollback();
            }
            catch (Exception)
            {
                // The connection is reset below either way.
            }

            foreach (var request in batch)
            {
                request.Fail(failure);
            }

            ResetWriter();
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    private SqliteConnection EnsureWriter()
    {
        if (_writer is { } writer)
        {
            return writer;
        }

        if (IsFile)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(DataSource)!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw SqliteFaults.CannotCreateFolder(DataSource, ex);
            }
        }

        writer = new SqliteConnection(_connectionString);
        try
        {
            writer.Open();

            // A delivery's answer waits for the lock at most LockWait (Svix gives up after 15 s): both SQLite's busy
            // handler and Microsoft.Data.Sqlite's own retry loop (the command timeout, also used by BeginTransaction).
            writer.DefaultTimeout = (int)Math.Ceiling(LockWait.TotalSeconds);
            using var command = writer.CreateCommand();

            // WAL: readers beside the writer. synchronous=FULL: the WAL is fsynced at every commit, so a 2xx survives
            // power loss; NORMAL survives a process crash only (issue #3, docs/service.md).
            // The background checkpointer copies the WAL; the writer's own checkpoint only bounds its size.
            command.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(_synchronousFull ? "FULL" : "NORMAL")}; PRAGMA busy_timeout={(long)LockWait.TotalMilliseconds}; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint={SqliteCheckpointer.WriterAutoCheckpointPages};";
            command.ExecuteNonQuery();
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        _writer = writer;
        _checkpointer ??= IsFile ? new SqliteCheckpointer(_connectionString, _logger) : null;
        return writer;
    }

    private void MarkCorrupt(StorageUnavailableException corrupt)
    {
        if (Interlocked.CompareExchange(ref _fatal, corrupt, null) is null)
        {
            Log.DatabaseCorrupt(_logger, DataSource, corrupt.Reason);
        }
    }

    private void ResetWriter()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _writer?.Dispose();
        _writer = null;
    }

    private abstract class WriteRequest
    {
        public abstract bool Isolated { get; }

        public abstract WriteKind Kind { get; }

        public abstract bool IsCancelled { get; }

        public abstract ValueTask ExecuteAsync(SqliteInboxStore store, SqliteConnection connection, SqliteTransaction transaction);

        public abstract void Fail(Exception exception);

        public abstract void Complete();
    }

    private class WriteRequest<T>(WriteBody<T>? body, bool isolated, WriteKind kind, CancellationToken cancellationToken) : WriteRequest
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;
        private bool _executed;

        public Task<T> Task => _completion.Task;

        public override bool Isolated => isolated;

        public override WriteKind Kind => kind;

        public override bool IsCancelled => cancellationToken.IsCancellationRequested;

        public override async ValueTask ExecuteAsync(SqliteInboxStore store, SqliteConnection connection, SqliteTransaction transaction)
        {
            _result = await ExecuteCoreAsync(store, connection, transaction).ConfigureAwait(false);
            _executed = true;
        }

        public override void Fail(Exception exception) => _error ??= exception;

        public override void Complete()
        {
            if (_error is not null)
            {
                _completion.TrySetException(_error);
            }
            else if (!_executed)
            {
                _completion.TrySetCanceled(cancellationToken);
            }
            else
            {
                _completion.TrySetResult(_result!);
            }
        }

        protected virtual ValueTask<T> ExecuteCoreAsync(SqliteInboxStore store, SqliteConnection connection, SqliteTransaction transaction) =>
            body!(store, connection, transaction);
    }

    /// <summary>The hot path: an insert-or-requeue, no savepoint, no closure.</summary>
    private sealed class AddRequest(InboxDelivery delivery, CancellationToken cancellationToken) : WriteRequest<InboxAddResult>(null, isolated: false, WriteKind.Ordered, cancellationToken)
    {
        protected override ValueTask<InboxAddResult> ExecuteCoreAsync(SqliteInboxStore store, SqliteConnection connection, SqliteTransaction transaction)
        {
            var command = store.Command(AddSql, transaction);
            Set(command, "$id", delivery.WebhookId);
            Set(command, "$type", delivery.EventType);
            Set(command, "$ts", delivery.EventTimestamp);
            Set(command, "$key", delivery.EntityKey);
            Set(command, "$received", delivery.ReceivedAt.ToUnixTimeMilliseconds());
            Set(command, "$sigts", delivery.SignatureTimestamp);
            Set(command, "$sig", delivery.Signature);
            Set(command, "$body", ToArray(delivery.Body));

            // A row back: inserted (empty history) or requeued (a failed/dead row); no row: already stored, with the
            // same body (a duplicate) or another one (a conflict, counted; the first body is kept).
            if (command.ExecuteScalar() is long historyLength)
            {
                return ValueTask.FromResult(historyLength == 0 ? InboxAddResult.Stored : InboxAddResult.Requeued);
            }

            var conflict = store.Command(ConflictSql, transaction);
            Set(conflict, "$id", delivery.WebhookId);
            Set(conflict, "$type", delivery.EventType);
            Set(conflict, "$received", delivery.ReceivedAt.ToUnixTimeMilliseconds());
            Set(conflict, "$body", ToArray(delivery.Body));
            return ValueTask.FromResult(conflict.ExecuteNonQuery() > 0 ? InboxAddResult.Conflict : InboxAddResult.Duplicate);
        }
    }
}

/// <summary>How the group-commit writer schedules a request.</summary>
internal enum WriteKind
{
    /// <summary>In arrival order: deliveries (whose 2xx waits for the commit), schema set-up, replays.</summary>
    Ordered,

    /// <summary>
    /// The workers' claims, completions, failures and releases: they yield to waiting deliveries, because a
    /// delivery's acknowledgement is what Svix times out (15 s) and retries, while processing is asynchronous by design.
    /// </summary>
    Processing,
}

/// <summary>Source-generated log messages of the SQLite provider.</summary>
internal static partial class Log
{
    [LoggerMessage(ClerkSyncEventId.StorageInitialized, LogLevel.Information, "SQLite inbox ready at {DataSource}")]
    public static partial void StorageInitialized(ILogger logger, string dataSource);

    [LoggerMessage(ClerkSyncEventId.CheckpointFailed, LogLevel.Warning, "A background WAL checkpoint failed (logged once until one succeeds); the writer's own checkpoint still bounds the WAL")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    // Debug: each caller logs its own refusal (rate-limited, the exception once), so an outage is not logged twice.
    [LoggerMessage(ClerkSyncEventId.BatchFailed, LogLevel.Debug, "A group-commit batch of {Count} requests failed, none was acknowledged: {Reason}")]
    public static partial void BatchFailed(ILogger logger, int count, string reason);

    [LoggerMessage(ClerkSyncEventId.DatabaseCorrupt, LogLevel.Critical, "Writes to the SQLite database {DataSource} are refused from now on: {Reason}. Deliveries are answered 503 (Svix retries them) until it is repaired (restore a backup, or `sqlite3 {DataSource} .recover`) and ClerkSync restarted")]
    public static partial void DatabaseCorrupt(ILogger logger, string dataSource, string reason);

    [LoggerMessage(ClerkSyncEventId.StartupCheckCutOff, LogLevel.Debug, "The start-up integrity check of {DataSource} was cut off after {Budget}; corruption it did not reach is found by the first write that meets it")]
    public static partial void StartupCheckCutOff(ILogger logger, string dataSource, TimeSpan budget);

    [LoggerMessage(ClerkSyncEventId.WalTruncated, LogLevel.Debug, "The writer was idle: the WAL was checkpointed and truncated to zero bytes")]
    public static partial void WalTruncated(ILogger logger);
}
