using System.Data.Common;
using System.Globalization;
using ClerkSync.BackendApi;
using ClerkSync.Mirror;

namespace ClerkSync.Reconciliation;

/// <summary>
/// One resource's run (issue #16), as kept in <c>clerk_sync_reconcile</c>: the run id, when its listing began, how far
/// the listing and the deletion pass got, and the counts so far. Written in the transaction of each page it covers, so
/// a run killed at any point resumes exactly after the last committed page.
/// </summary>
internal sealed record ReconcileCheckpoint
{
    /// <summary>The listing is in progress.</summary>
    public const string Listing = "listing";

    /// <summary>The listing is complete; absent rows are being confirmed.</summary>
    public const string Confirming = "confirming";

    /// <summary>The run is complete.</summary>
    public const string Done = "done";

    /// <summary>The instance does not offer the list.</summary>
    public const string Unavailable = "unavailable";

    public required string Resource { get; init; }

    public required string RunId { get; init; }

    public required long StartedAt { get; init; }

    public string Phase { get; init; } = Listing;

    public long? FinishedAt { get; init; }

    public ClerkListCursor? Cursor { get; init; }

    public string ConfirmedThrough { get; init; } = string.Empty;

    public long Pages { get; init; }

    public long Listed { get; init; }

    public long Inserted { get; init; }

    public long Updated { get; init; }

    public long Unchanged { get; init; }

    public long Deleted { get; init; }

    public long ConfirmedLive { get; init; }

    public long Unconfirmed { get; init; }

    public long Failed { get; init; }

    public string? Error { get; init; }

    /// <summary>Gets a value indicating whether this run continues one found in the database.</summary>
    public bool Resumed { get; init; }

    /// <summary>Gets a value indicating whether the run still has work: an interrupted or failed run is continued by the next.</summary>
    public bool IsOpen => Phase is Listing or Confirming;

    /// <summary>Returns this checkpoint with <paramref name="counts"/> added.</summary>
    public ReconcileCheckpoint Add(ReconcileCounts counts) => this with
    {
        Listed = Listed + counts.Listed,
        Inserted = Inserted + counts.Inserted,
        Updated = Updated + counts.Updated,
        Unchanged = Unchanged + counts.Unchanged,
        Deleted = Deleted + counts.Deleted,
        ConfirmedLive = ConfirmedLive + counts.ConfirmedLive,
        Unconfirmed = Unconfirmed + counts.Unconfirmed,
        Failed = Failed + counts.Failed,
    };

    /// <summary>Reads every checkpoint.</summary>
    public static async Task<List<ReconcileCheckpoint>> ReadAllAsync(DbConnection connection, ReconcileSql sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql.SelectCheckpoints;
            var checkpoints = new List<ReconcileCheckpoint>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    long? Long(int i) => reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
                    string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                    checkpoints.Add(new ReconcileCheckpoint
                    {
                        Resource = reader.GetString(0),
                        RunId = reader.GetString(1),
                        Phase = reader.GetString(2),
                        StartedAt = Long(3)!.Value,
                        FinishedAt = Long(4),
                        Cursor = Long(7) is { } offset ? new ClerkListCursor(Text(6), checked((int)offset)) : null,
                        ConfirmedThrough = Text(8) ?? string.Empty,
                        Pages = Long(9)!.Value,
                        Listed = Long(10)!.Value,
                        Inserted = Long(11)!.Value,
                        Updated = Long(12)!.Value,
                        Unchanged = Long(13)!.Value,
                        Deleted = Long(14)!.Value,
                        ConfirmedLive = Long(15)!.Value,
                        Unconfirmed = Long(16)!.Value,
                        Failed = Long(17)!.Value,
                        Error = Text(18),
                    });
                }
            }

            return checkpoints;
        }
    }

    /// <summary>Writes the checkpoint in <paramref name="transaction"/>.</summary>
    public async Task SaveAsync(ReconcileSql sql, long now, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = MirrorCommandCache.Get(transaction, sql.UpsertCheckpoint);
        object?[] values =
        [
            Resource, RunId, Phase, StartedAt, FinishedAt, now, Cursor?.StartingAfter, Cursor?.Offset, ConfirmedThrough,
            Pages, Listed, Inserted, Updated, Unchanged, Deleted, ConfirmedLive, Unconfirmed, Failed, Error,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            command.Set(ReconcileSql.CheckpointColumns[i], values[i]);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets the result entry of this checkpoint.</summary>
    public ReconcileTableResult ToResult(ReconcileResource resource, bool dryRun) => new()
    {
        Resource = resource.Resource,
        Table = resource.Table.Name,
        Status = Phase switch
        {
            Done => ReconcileTableStatus.Done,
            Unavailable => ReconcileTableStatus.Unavailable,
            _ when Error is not null => ReconcileTableStatus.Failed,
            _ => ReconcileTableStatus.InProgress,
        },
        RunId = dryRun ? null : RunId,
        Resumed = Resumed,
        StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(StartedAt),
        FinishedAt = FinishedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        Pages = Pages,
        Listed = Listed,
        Inserted = Inserted,
        Updated = Updated,
        Unchanged = Unchanged,
        Deleted = Deleted,
        AbsentButConfirmedLive = ConfirmedLive,
        AbsentUnconfirmed = Unconfirmed,
        Failed = Failed,
        Error = Error,
    };
}

/// <summary>What one page or one confirmation batch added.</summary>
internal sealed record ReconcileCounts
{
    public long Listed { get; init; }

    public long Inserted { get; init; }

    public long Updated { get; init; }

    public long Unchanged { get; init; }

    public long Deleted { get; init; }

    public long ConfirmedLive { get; init; }

    public long Unconfirmed { get; init; }

    public long Failed { get; init; }
}
