using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ClerkSync.BackendApi;
using ClerkSync.Diagnostics;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using ClerkSync.Storage;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Reconciliation;

/// <summary>
/// The reconciliation engine (issue #16). Per resource: list every page and apply each page in one short transaction
/// (snapshots through the projection's merge, "seen" marks, the checkpoint); then check, by a direct read, each live
/// mirror row the listing did not see, and tombstone those Clerk no longer has. The rules are in docs/schema.md,
/// "Reconciliation".
/// </summary>
internal sealed class ClerkReconciler : IClerkReconciler
{
    /// <summary>The name of the database-wide lock one reconciling process holds.</summary>
    internal const string LockName = "reconcile";

    /// <summary>How many absent rows one confirmation batch reads before it writes (and checkpoints).</summary>
    internal const int ConfirmBatch = 100;

    private readonly IClerkSyncStorage _storage;
    private readonly IClerkBackendApi _api;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ClerkReconciler(IClerkSyncStorage storage, IClerkBackendApi api, TimeProvider time, ILogger<ClerkReconciler> logger)
    {
        _storage = storage;
        _api = api;
        _time = time;
        _logger = logger;
    }

    private IMirrorDatabase Database => _storage as IMirrorDatabase
        ?? throw new InvalidOperationException($"The storage provider '{_storage.Provider}' does not support reconciliation: use the SQLite or PostgreSQL provider.");

    /// <inheritdoc/>
    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, IProgress<ReconcileProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var database = Database;
        var resources = request.Resources is { Count: > 0 } chosen
            ? ReconcileResource.All.Where(r => chosen.Contains(r.Resource)).ToList()
            : [.. ReconcileResource.All];

        // A dry run writes nothing, so it needs no lock and resumes nothing.
        var held = request.DryRun ? null : await database.TryLockAsync(LockName, cancellationToken).ConfigureAwait(false);
        if (!request.DryRun && held is null)
        {
            Log.ReconcileBusy(_logger);
            return new ReconcileResult { Outcome = ReconcileOutcome.Busy, Tables = [] };
        }

        try
        {
            var sql = ReconcileSql.For(database.Dialect);
            var existing = request.DryRun
                ? []
                : await database.ReadAsync((c, ct) => ReconcileCheckpoint.ReadAllAsync(c, sql, ct), cancellationToken).ConfigureAwait(false);
            var results = new List<ReconcileTableResult>();
            foreach (var resource in resources)
            {
                var open = existing.Find(c => c.Resource == resource.Name && c.IsOpen);
                var run = new ResourceRun(this, database, sql, resource, request.DryRun, progress, open is null ? Fresh(resource) : open with { Resumed = true, Error = null });
                await run.RunAsync(cancellationToken).ConfigureAwait(false);
                results.Add(run.Checkpoint.ToResult(resource, request.DryRun));
            }

            var complete = results.All(r => r.Status is ReconcileTableStatus.Done or ReconcileTableStatus.Unavailable && r.Failed == 0);
            return new ReconcileResult { Outcome = complete ? ReconcileOutcome.Completed : ReconcileOutcome.Incomplete, DryRun = request.DryRun, Tables = results };
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<ReconcileResult> GetLastResultAsync(CancellationToken cancellationToken = default)
    {
        var database = Database;
        var sql = ReconcileSql.For(database.Dialect);
        var checkpoints = await database.ReadAsync((c, ct) => ReconcileCheckpoint.ReadAllAsync(c, sql, ct), cancellationToken).ConfigureAwait(false);
        var tables = ReconcileResource.All
            .Select(r => (Resource: r, Checkpoint: checkpoints.Find(c => c.Resource == r.Name)))
            .Where(x => x.Checkpoint is not null)
            .Select(x => x.Checkpoint!.ToResult(x.Resource, dryRun: false))
            .ToList();
        var outcome = tables.All(t => t.Status is ReconcileTableStatus.Done or ReconcileTableStatus.Unavailable && t.Failed == 0) ? ReconcileOutcome.Completed : ReconcileOutcome.Incomplete;
        return new ReconcileResult { Outcome = outcome, Tables = tables };
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    // The run id is also the writer id of every row the run writes (last_webhook_id, deleted_webhook_id): it orders
    // after every svix id ("msg_..." < "reconcile_..."), and later runs after earlier ones (the start time leads), so
    // at equal versions the latest read of Clerk wins, deterministically.
    private ReconcileCheckpoint Fresh(ReconcileResource resource)
    {
        var now = NowMs();
        return new ReconcileCheckpoint
        {
            Resource = resource.Name,
            RunId = string.Create(CultureInfo.InvariantCulture, $"reconcile_{now:D13}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"),
            StartedAt = now,
        };
    }

    /// <summary>One resource's run: listing, then confirmation of the rows it did not see.</summary>
    private sealed class ResourceRun(
        ClerkReconciler owner, IMirrorDatabase database, ReconcileSql sql, ReconcileResource resource, bool dryRun, IProgress<ReconcileProgress>? progress, ReconcileCheckpoint checkpoint)
    {
        private readonly MirrorProjection _projection = new(database.Dialect, owner._time);

        // A dry run keeps what its listing saw in memory (it writes no seen marks).
        private readonly HashSet<string>? _seen = dryRun ? new HashSet<string>(StringComparer.Ordinal) : null;
        private long? _total;
        private long _confirmed;

        public ReconcileCheckpoint Checkpoint { get; private set; } = checkpoint;

        private MirrorTable Table => resource.Table;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            Log.ReconcileTableStarted(owner._logger, resource.Name, Checkpoint.RunId, Checkpoint.Resumed);
            try
            {
                if (Checkpoint.Phase == ReconcileCheckpoint.Listing)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                }

                if (Checkpoint.Phase == ReconcileCheckpoint.Confirming)
                {
                    await ConfirmAsync(cancellationToken).ConfigureAwait(false);
                }

                Log.ReconcileTableFinished(owner._logger, resource.Name, Checkpoint.Listed, Checkpoint.Inserted, Checkpoint.Updated, Checkpoint.Deleted, Checkpoint.ConfirmedLive, Checkpoint.Failed);
            }
            catch (ClerkBackendApiException ex) when (!ex.IsAuthenticationFailure)
            {
                // An instance without organizations or billing answers the list with 403 or 404. Users always exist,
                // so a 404 there means a wrong API URL: an error, not an absence.
                var unavailable = ex.StatusCode is 403 or 404 && Checkpoint.Pages == 0 && resource.Resource != ClerkApiResource.Users;
                Log.ReconcileTableStopped(owner._logger, resource.Name, ex.StatusCode, ex.ClerkCode, unavailable, ex);
                var stopped = unavailable
                    ? Checkpoint with { Phase = ReconcileCheckpoint.Unavailable, FinishedAt = owner.NowMs(), Error = null }
                    : Checkpoint with { Error = ex.Message };
                await SaveAsync(stopped, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task ListAsync(CancellationToken cancellationToken)
        {
            await foreach (var page in owner._api.ListAsync(resource.Resource, Checkpoint.Cursor, cancellationToken).ConfigureAwait(false))
            {
                _total ??= page.TotalCount ?? await CountLiveAsync(cancellationToken).ConfigureAwait(false);
                var listedAt = owner.NowMs();
                var next = page.Next;
                await WriteAsync(
                    async (connection, transaction, ct) =>
                    {
                        var counts = await ApplyAsync(page.Items, listedAt, connection, transaction, ct).ConfigureAwait(false);
                        return Checkpoint.Add(counts) with
                        {
                            Pages = Checkpoint.Pages + 1,
                            Cursor = next,
                            Phase = next is null ? ReconcileCheckpoint.Confirming : ReconcileCheckpoint.Listing,
                        };
                    },
                    cancellationToken).ConfigureAwait(false);
                Report(ReconcileCheckpoint.Listing);
            }

            if (Checkpoint.Phase == ReconcileCheckpoint.Listing)
            {
                // A list that yields no page at all (an empty instance, by the client's reading) is complete too.
                await SaveAsync(Checkpoint with { Phase = ReconcileCheckpoint.Confirming, Cursor = null }, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task ConfirmAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var after = Checkpoint.ConfirmedThrough;
                var ids = await database.ReadAsync((c, ct) => CandidatesAsync(c, after, ct), cancellationToken).ConfigureAwait(false);
                if (ids.Count == 0)
                {
                    break;
                }

                var outcomes = new List<(string Id, Confirmation Outcome, JsonElement Live)>(ids.Count);
                foreach (var key in ids.Where(k => _seen is null || !_seen.Contains(k.Id)))
                {
                    outcomes.Add(await ConfirmOneAsync(key, cancellationToken).ConfigureAwait(false));
                }

                var last = ids[^1].Id;
                await WriteAsync(
                    async (connection, transaction, ct) =>
                    {
                        var counts = new ReconcileCounts();
                        var live = outcomes.Where(o => o.Outcome == Confirmation.Live).Select(o => o.Live).ToList();
                        if (live.Count > 0)
                        {
                            // Refreshed from the read like a listed object; counted as confirmed live, not again as inserted or updated.
                            var applied = await ApplyAsync(live, owner.NowMs(), connection, transaction, ct).ConfigureAwait(false);
                            counts = counts with { Failed = applied.Failed };
                        }

                        var deleted = 0L;
                        foreach (var (id, _, _) in outcomes.Where(o => o.Outcome == Confirmation.Gone))
                        {
                            if (transaction is null)
                            {
                                deleted++;
                            }
                            else if (await IsDeletableAsync(id, transaction, ct).ConfigureAwait(false))
                            {
                                await _projection.ApplyDeletionAsync(Table, id, owner.NowMs(), Checkpoint.RunId, transaction, ct).ConfigureAwait(false);
                                deleted++;
                            }
                        }

                        counts = counts with
                        {
                            Deleted = deleted,
                            ConfirmedLive = live.Count,
                            Unconfirmed = outcomes.Count(o => o.Outcome == Confirmation.Unconfirmable),
                            Failed = counts.Failed + outcomes.Count(o => o.Outcome == Confirmation.Failed),
                        };
                        return Checkpoint.Add(counts) with { ConfirmedThrough = last };
                    },
                    cancellationToken).ConfigureAwait(false);
                _confirmed += outcomes.Count;
                Report(ReconcileCheckpoint.Confirming);
            }

            await SaveAsync(Checkpoint with { Phase = ReconcileCheckpoint.Done, FinishedAt = owner.NowMs() }, cancellationToken).ConfigureAwait(false);
        }

        private async Task<(string Id, Confirmation Outcome, JsonElement Live)> ConfirmOneAsync(ClerkObjectKey key, CancellationToken cancellationToken)
        {
            // Without a direct read (subscription items) an absent row is reported, never deleted on a listing alone;
            // nor is a row that lacks the parent ids its read needs.
            if (!ClerkApiResources.SupportsGet(resource.Resource)
                || (resource.OrganizationColumn is not null && key.OrganizationId is null)
                || (resource.UserColumn is not null && key.UserId is null))
            {
                return (key.Id, Confirmation.Unconfirmable, default);
            }

            try
            {
                var found = await owner._api.GetAsync(resource.Resource, key, cancellationToken).ConfigureAwait(false);
                return found is { } live ? (key.Id, Confirmation.Live, live) : (key.Id, Confirmation.Gone, default);
            }
            catch (ClerkBackendApiException ex) when (!ex.IsAuthenticationFailure)
            {
                Log.ReconcileConfirmFailed(owner._logger, resource.Name, key.Id, ex.StatusCode, ex);
                return (key.Id, Confirmation.Failed, default);
            }
        }

        // Applies listed (or directly read) objects: classifies each against the mirror, writes those that change it
        // through the projection, records them as seen by this run. Without a transaction (a dry run), only counts.
        private async Task<ReconcileCounts> ApplyAsync(IReadOnlyList<JsonElement> items, long listedAt, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        {
            // One entry per id: a list that shifts while it is read can repeat an object; the newest copy counts.
            var objects = new Dictionary<string, JsonElement>(items.Count, StringComparer.Ordinal);
            var failed = 0L;
            foreach (var item in items)
            {
                if (MirrorCatalog.String(item, "id") is not { } id)
                {
                    failed++;
                    continue;
                }

                if (!objects.TryGetValue(id, out var known) || (MirrorCatalog.Int64(item, "updated_at") ?? 0) > (MirrorCatalog.Int64(known, "updated_at") ?? 0))
                {
                    objects[id] = item;
                }
            }

            var ids = objects.Keys.ToList();
            var held = await ReadHeldAsync(ids, connection, transaction, cancellationToken).ConfigureAwait(false);
            long inserted = 0, updated = 0, unchanged = 0;
            foreach (var (id, item) in objects)
            {
                var drift = SnapshotDrift.Classify(held.GetValueOrDefault(id), item, MirrorCatalog.Int64(item, "updated_at") ?? listedAt);
                if (drift == Drift.Unchanged)
                {
                    unchanged++;
                    continue;
                }

                inserted += drift == Drift.Insert ? 1 : 0;
                updated += drift == Drift.Update ? 1 : 0;
                if (transaction is not null)
                {
                    await _projection.ApplySnapshotAsync(Table, item, listedAt, Checkpoint.RunId, transaction, cancellationToken).ConfigureAwait(false);
                }
            }

            if (transaction is null)
            {
                _seen?.UnionWith(ids);
            }
            else if (ids.Count > 0)
            {
                var mark = MirrorCommandCache.Get(transaction, sql.MarkSeen(ids.Count));
                mark.Set("table_name", Table.Name);
                mark.Set("run_id", Checkpoint.RunId);
                for (var i = 0; i < ids.Count; i++)
                {
                    mark.Set("row_id" + i.ToString(CultureInfo.InvariantCulture), ids[i]);
                }

                await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new ReconcileCounts { Listed = objects.Count + failed, Inserted = inserted, Updated = updated, Unchanged = unchanged, Failed = failed };
        }

        private async Task<Dictionary<string, HeldRow>> ReadHeldAsync(List<string> ids, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        {
            var held = new Dictionary<string, HeldRow>(ids.Count, StringComparer.Ordinal);
            for (var start = 0; start < ids.Count; start += ReconcileSql.MaxIds)
            {
                var command = Command(connection, transaction, sql.SelectHeldOf(Table));
                try
                {
                    for (var i = 0; i < ReconcileSql.MaxIds; i++)
                    {
                        command.Set(i, start + i < ids.Count ? ids[start + i] : null);
                    }

                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            held[reader.GetString(0)] = new HeldRow(
                                reader.GetInt64(1),
                                Convert.ToBoolean(reader.GetValue(2), CultureInfo.InvariantCulture),
                                !reader.IsDBNull(3),
                                reader.IsDBNull(4) ? null : reader.GetString(4));
                        }
                    }
                }
                finally
                {
                    if (transaction is null)
                    {
                        await command.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }

            return held;
        }

        private async Task<List<ClerkObjectKey>> CandidatesAsync(DbConnection connection, string after, CancellationToken cancellationToken)
        {
            var command = Command(connection, null, sql.SelectCandidatesOf(Table));
            await using (command.ConfigureAwait(false))
            {
                command.Set("started", Checkpoint.StartedAt);
                command.Set("after", after);
                command.Set("run_id", Checkpoint.RunId);
                command.Set("limit", ConfirmBatch);
                var ids = new List<ClerkObjectKey>(ConfirmBatch);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        ids.Add(new ClerkObjectKey(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
                    }
                }

                return ids;
            }
        }

        private async Task<bool> IsDeletableAsync(string id, DbTransaction transaction, CancellationToken cancellationToken)
        {
            var command = MirrorCommandCache.Get(transaction, sql.SelectDeletableOf(Table));
            command.Set("id", id);
            command.Set("started", Checkpoint.StartedAt);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
        }

        private async Task<long?> CountLiveAsync(CancellationToken cancellationToken) =>
            await database.ReadAsync(
                async (connection, ct) =>
                {
                    var command = connection.CreateCommand();
                    await using (command.ConfigureAwait(false))
                    {
                        command.CommandText = $"SELECT COUNT(*) FROM {Table.Name} WHERE {MirrorColumns.DeletedAt} IS NULL AND NOT {MirrorColumns.Stub}";
                        var count = Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
                        return count > 0 ? count : (long?)null;
                    }
                },
                cancellationToken).ConfigureAwait(false);

        // A write and its checkpoint in one transaction; the new checkpoint is kept only once committed. A dry run
        // computes the same on a read connection and keeps it in memory.
        private async Task WriteAsync(Func<DbConnection, DbTransaction?, CancellationToken, Task<ReconcileCheckpoint>> body, CancellationToken cancellationToken)
        {
            if (dryRun)
            {
                Checkpoint = await database.ReadAsync((c, ct) => body(c, null, ct), cancellationToken).ConfigureAwait(false);
                return;
            }

            Checkpoint = await database.WriteAsync(
                async (transaction, ct) =>
                {
                    var next = await body(transaction.Connection!, transaction, ct).ConfigureAwait(false);
                    await next.SaveAsync(sql, owner.NowMs(), transaction, ct).ConfigureAwait(false);
                    return next;
                },
                cancellationToken).ConfigureAwait(false);
        }

        private Task SaveAsync(ReconcileCheckpoint next, CancellationToken cancellationToken) =>
            WriteAsync((_, _, _) => Task.FromResult(next), cancellationToken);

        private void Report(string phase) =>
            progress?.Report(new ReconcileProgress(resource.Resource, Table.Name, phase, Checkpoint.Pages, Checkpoint.Listed, _total, _confirmed));

        // Reads on a writer's transaction reuse its prepared commands; reads on a pooled reader get a fresh command.
        private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
        {
            if (transaction is not null)
            {
                return MirrorCommandCache.Get(transaction, text);
            }

            var command = connection.CreateCommand();
            command.CommandText = text;
            foreach (var name in MirrorCommandCache.ParameterNamesOf(text))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            return command;
        }
    }

    private enum Confirmation
    {
        Live,
        Gone,
        Unconfirmable,
        Failed,
    }
}
