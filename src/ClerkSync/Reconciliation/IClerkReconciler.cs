using ClerkSync.BackendApi;

namespace ClerkSync.Reconciliation;

/// <summary>
/// Reconciles the mirror with the Clerk Backend API (issue #16): lists each resource, applies every listed object as a
/// snapshot under the mirror's convergence rules, and tombstones rows Clerk no longer has once a direct read confirms
/// it (docs/reconcile.md). Resumable: an interrupted run continues from its checkpoint in the database.
/// </summary>
public interface IClerkReconciler
{
    /// <summary>Runs a reconciliation (or continues an interrupted one) and returns what it found per table.</summary>
    /// <param name="request">Which resources, and whether to write.</param>
    /// <param name="progress">Receives progress after each page and each confirmation batch; may be null.</param>
    /// <param name="cancellationToken">Stops the run; the checkpoint keeps what was done.</param>
    /// <returns>The result; <see cref="ReconcileOutcome.Busy"/> when another process is reconciling this database.</returns>
    /// <exception cref="ClerkBackendApiException">The secret key was refused (401): nothing can be read.</exception>
    Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, IProgress<ReconcileProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the latest run of each resource from the database (written by any process), or an empty result.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ReconcileResult> GetLastResultAsync(CancellationToken cancellationToken = default);
}

/// <summary>What to reconcile.</summary>
public sealed record ReconcileRequest
{
    /// <summary>Gets the resources to reconcile, in any order (they run parents first); every resource when null or empty.</summary>
    public IReadOnlyCollection<ClerkApiResource>? Resources { get; init; }

    /// <summary>Gets a value indicating whether to compute the drift only: nothing is written, not even a checkpoint.</summary>
    public bool DryRun { get; init; }
}

/// <summary>How a run ended.</summary>
public enum ReconcileOutcome
{
    /// <summary>Every table was listed and checked, and every entity reconciled.</summary>
    Completed,

    /// <summary>The run ended, but some entity or table could not be reconciled (see <see cref="ReconcileTableResult.Failed"/> and <see cref="ReconcileTableResult.Error"/>).</summary>
    Incomplete,

    /// <summary>Another process holds this database's reconcile lock; nothing was done.</summary>
    Busy,
}

/// <summary>How one table's run ended.</summary>
public enum ReconcileTableStatus
{
    /// <summary>Listed completely and every absent row checked.</summary>
    Done,

    /// <summary>Listing or checking stopped on an error; the next run continues from the checkpoint.</summary>
    Failed,

    /// <summary>The instance does not offer this list (a 403 or 404: organizations or billing not enabled).</summary>
    Unavailable,

    /// <summary>Started and not finished (a run in progress or interrupted).</summary>
    InProgress,
}

/// <summary>The result of a run: one entry per table, parents first.</summary>
public sealed record ReconcileResult
{
    /// <summary>Gets how the run ended.</summary>
    public required ReconcileOutcome Outcome { get; init; }

    /// <summary>Gets a value indicating whether this was a dry run (the counts say what a real run would have written).</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets the tables.</summary>
    public required IReadOnlyList<ReconcileTableResult> Tables { get; init; }
}

/// <summary>What a run found in one table.</summary>
public sealed record ReconcileTableResult
{
    /// <summary>Gets the API resource.</summary>
    public required ClerkApiResource Resource { get; init; }

    /// <summary>Gets the mirror table (<c>clerk_users</c>, ...).</summary>
    public required string Table { get; init; }

    /// <summary>Gets how the table's run ended.</summary>
    public required ReconcileTableStatus Status { get; init; }

    /// <summary>Gets the run id, also the <c>last_webhook_id</c> of the rows it wrote (<c>reconcile_...</c>); null for a dry run.</summary>
    public string? RunId { get; init; }

    /// <summary>Gets a value indicating whether the run continued an interrupted one (the counts cover both).</summary>
    public bool Resumed { get; init; }

    /// <summary>Gets when the listing began.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the run finished, or null.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Gets the pages read.</summary>
    public long Pages { get; init; }

    /// <summary>Gets the objects listed.</summary>
    public long Listed { get; init; }

    /// <summary>Gets the listed objects the mirror did not have, or held only as a stub.</summary>
    public long Inserted { get; init; }

    /// <summary>Gets the listed objects whose data differed from the mirror's and was newer or as new.</summary>
    public long Updated { get; init; }

    /// <summary>Gets the listed objects the mirror already held as they are, or newer (a later webhook), or deleted.</summary>
    public long Unchanged { get; init; }

    /// <summary>Gets the live rows absent from the listing that a direct read confirmed gone: tombstoned.</summary>
    public long Deleted { get; init; }

    /// <summary>Gets the live rows absent from the listing that a direct read found (a page skipped them): kept, and refreshed from the read.</summary>
    public long AbsentButConfirmedLive { get; init; }

    /// <summary>Gets the live rows absent from the listing that cannot be read one by one (no such endpoint): kept.</summary>
    public long AbsentUnconfirmed { get; init; }

    /// <summary>Gets the entities that could not be reconciled (a failed read, an object without an id).</summary>
    public long Failed { get; init; }

    /// <summary>Gets the error that stopped the table, if any (no body, no key).</summary>
    public string? Error { get; init; }
}

/// <summary>Progress of a run, reported after each page and each confirmation batch.</summary>
/// <param name="Resource">The resource being read.</param>
/// <param name="Table">Its mirror table.</param>
/// <param name="Phase"><c>listing</c> or <c>confirming</c> (direct reads of rows absent from the listing).</param>
/// <param name="Pages">Pages read so far (resumed runs included).</param>
/// <param name="Listed">Objects listed so far.</param>
/// <param name="Total">The list's total when it reports one, else the mirror's live row count as an estimate; null when unknown.</param>
/// <param name="Confirmed">Absent rows checked so far.</param>
public sealed record ReconcileProgress(ClerkApiResource Resource, string Table, string Phase, long Pages, long Listed, long? Total, long Confirmed);
