using System.Data.Common;
using System.Globalization;
using ClerkSync.Diagnostics;
using ClerkSync.Inbox;
using ClerkSync.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.Mirror.Changes;

/// <summary>
/// Runs the <see cref="IClerkMirrorChangeHandler"/>s over the change log (issue #16). Every change row is written due
/// (<c>dispatch_after</c> = its apply time) in the transaction of the change itself, so nothing is lost between a
/// change and its dispatch; this loop claims due rows under a lease, runs the handlers, and clears the mark, or moves it
/// to a retry time (the inbox's retry policy). A host without handlers clears the marks in chunks, so that the index
/// of due changes stays small.
/// </summary>
internal sealed class MirrorChangeDispatcher(
    IClerkSyncStorage storage,
    IServiceScopeFactory scopes,
    IOptions<ClerkSyncOptions> options,
    StorageHealth storageHealth,
    TimeProvider time,
    ILogger<MirrorChangeDispatcher> logger) : BackgroundService
{
    private const int MarkChunk = 1000;

    private readonly Func<double> _random = Random.Shared.NextDouble;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Workers == 0 || storage is not IMirrorDatabase database)
        {
            return;
        }

        // Leave StartAsync at once; the schema is created by the inbox monitor before the workers start.
        await Task.Yield();
        bool hasHandlers;
        var probe = scopes.CreateAsyncScope();
        await using (probe.ConfigureAwait(false))
        {
            hasHandlers = probe.ServiceProvider.GetServices<IClerkMirrorChangeHandler>().Any();
        }

        var sql = MirrorChangeSql.For(database.Dialect);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunOnceAsync(database, sql, hasHandlers, o, stoppingToken).ConfigureAwait(false))
                {
                    await Task.Delay(o.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Through the storage health, as the workers' errors: rate-limited lines, the stack once per outage.
                storageHealth.StoreFailed("mirror-changes", ex);
                try
                {
                    await Task.Delay(o.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Dispatches (or marks) one batch of due changes; returns false when none was due.</summary>
    internal async Task<bool> RunOnceAsync(IMirrorDatabase database, MirrorChangeSql sql, bool hasHandlers, ClerkSyncOptions o, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        // A read first: an idle host does not queue an empty write every poll.
        var due = await database.ReadAsync(
            async (connection, ct) =>
            {
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = sql.AnyDue;
                    Add(command, "now", now);
                    return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
                }
            },
            cancellationToken).ConfigureAwait(false);
        if (!due)
        {
            return false;
        }

        if (!hasHandlers)
        {
            await database.WriteAsync(
                (transaction, ct) =>
                {
                    var command = MirrorCommandCache.Get(transaction, sql.MarkAll);
                    command.Set("now", now);
                    command.Set("max", MarkChunk);
                    return command.ExecuteNonQueryAsync(ct);
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }

        var until = now + (long)o.Lease.TotalMilliseconds;
        var claimed = await database.WriteAsync((transaction, ct) => ClaimAsync(sql, transaction, now, until, o.BatchSize, ct), cancellationToken).ConfigureAwait(false);
        var outcomes = new List<(ClerkMirrorChange Change, string WebhookId, long? Next)>(claimed.Count);
        foreach (var (change, webhookId) in claimed)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break; // The rest come due again when the lease ends.
            }

            outcomes.Add((change, webhookId, await HandleAsync(change, o, cancellationToken).ConfigureAwait(false)));
        }

        await database.WriteAsync(
            async (transaction, ct) =>
            {
                foreach (var (change, webhookId, next) in outcomes)
                {
                    var command = MirrorCommandCache.Get(transaction, next == 0 ? sql.Complete : sql.Fail);
                    command.Set("table_name", change.Table);
                    command.Set("row_id", change.RowId);
                    command.Set("webhook_id", webhookId);
                    command.Set("until", until);
                    if (next != 0)
                    {
                        command.Set("next", next);
                    }

                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                return outcomes.Count;
            },
            CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    // 0 when every handler succeeded; else when to try again, or null to give up (the retry policy's last attempt).
    private async Task<long?> HandleAsync(ClerkMirrorChange change, ClerkSyncOptions o, CancellationToken cancellationToken)
    {
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                foreach (var handler in scope.ServiceProvider.GetServices<IClerkMirrorChangeHandler>())
                {
                    await handler.HandleAsync(change, cancellationToken).ConfigureAwait(false);
                }
            }

            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var next = RetryPolicy.NextAttemptAt(change.Attempt, o.Retry, time.GetUtcNow(), _random());
            if (next is { } at)
            {
                Log.ChangeHandlerFailed(logger, change.Table, change.RowId, change.Operation, change.Origin, change.Attempt, at, ex);
                return at.ToUnixTimeMilliseconds();
            }

            Log.ChangeHandlerGaveUp(logger, change.Table, change.RowId, change.Operation, change.Origin, change.Attempt, ex);
            return null;
        }
    }

    private static async Task<List<(ClerkMirrorChange Change, string WebhookId)>> ClaimAsync(MirrorChangeSql sql, DbTransaction transaction, long now, long until, int max, CancellationToken cancellationToken)
    {
        var command = MirrorCommandCache.Get(transaction, sql.Claim);
        command.Set("now", now);
        command.Set("until", until);
        command.Set("max", max);
        var claimed = new List<(ClerkMirrorChange, string)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var webhookId = reader.GetString(2);
                claimed.Add((new ClerkMirrorChange(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(3),
                    reader.GetString(6),
                    webhookId,
                    reader.GetInt64(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    checked((int)Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture) + 1)), webhookId));
            }
        }

        return claimed;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
