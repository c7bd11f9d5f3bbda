using System.Data.Common;

namespace ClerkSync.Inbox;

/// <summary>
/// The durable inbox (issue #3): one row per delivery id (<see cref="InboxDelivery.WebhookId"/>). Implemented per database (SQLite default, PostgreSQL for
/// scale-out); the storage compliance suite runs unchanged against every implementation.
/// </summary>
public interface IInboxStore
{
    /// <summary>Creates or migrates the schema (inbox and mirror tables). Idempotent; called at start-up.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a verified delivery durably. Returns only when the row is committed (group commit may batch concurrent
    /// calls into one transaction). A duplicate id is a success; a failed or dead id is put back to pending.
    /// </summary>
    ValueTask<InboxAddResult> AddAsync(InboxDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> due rows (pending, failed and due, or processing with an expired lease)
    /// under a lease. Never returns a row whose entity key has another row under an unexpired lease, and per entity
    /// returns only the earliest due row by event time. Increments <see cref="InboxMessage.Attempts"/>.
    /// </summary>
    Task<IReadOnlyList<InboxMessage>> ClaimAsync(string workerId, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a claimed row done in one transaction with <paramref name="inTransaction"/> (the mirror projection), so
    /// the mirror and the "processed" mark commit together. Returns false when the lease was lost (nothing written).
    /// </summary>
    Task<bool> CompleteAsync(InboxMessage message, string workerId, Func<DbTransaction, CancellationToken, Task>? inTransaction, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt: back to failed with <paramref name="nextAttemptAt"/>, or dead when it is null.</summary>
    Task<bool> FailAsync(InboxMessage message, string workerId, string error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default);

    /// <summary>Gives claimed rows back (graceful shutdown): pending again, due now, the attempt not counted.</summary>
    Task ReleaseAsync(IReadOnlyCollection<InboxMessage> messages, string workerId, CancellationToken cancellationToken = default);

    /// <summary>Puts matching failed or dead rows (or one row by id, whatever its status) back to pending with attempts reset; history kept.</summary>
    Task<int> ReplayAsync(ReplayFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes up to <see cref="PurgeFilter.MaxRows"/> rows that match <paramref name="filter"/> (done rows processed,
    /// dead rows received, before <see cref="PurgeFilter.Before"/>) and returns how many. Callers loop while it returns
    /// <see cref="PurgeFilter.MaxRows"/>: short transactions keep the writer free for deliveries.
    /// </summary>
    Task<int> PurgeAsync(PurgeFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Reads one row, or null.</summary>
    Task<InboxMessage?> GetAsync(string webhookId, CancellationToken cancellationToken = default);

    /// <summary>Lists rows, newest first.</summary>
    Task<IReadOnlyList<InboxMessage>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts rows per status and the age of the oldest due row, for metrics and /healthz.</summary>
    Task<InboxStats> GetStatsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Which rows a replay puts back to pending.</summary>
public sealed record ReplayFilter
{
    /// <summary>Gets one delivery id (any status but pending/processing); when set the other filters are ignored.</summary>
    public string? WebhookId { get; init; }

    /// <summary>Gets the statuses to replay; dead and failed when null.</summary>
    public IReadOnlyCollection<InboxStatus>? Statuses { get; init; }

    /// <summary>Gets the earliest received time to replay.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Gets the event type to replay.</summary>
    public string? EventType { get; init; }
}

/// <summary>Which finished rows a purge deletes (retention, <c>clerk-sync events purge</c>).</summary>
public sealed record PurgeFilter
{
    /// <summary>Gets the cut-off: done rows processed before it, dead rows received before it.</summary>
    public required DateTimeOffset Before { get; init; }

    /// <summary>
    /// Gets the statuses to purge, <see cref="InboxStatus.Done"/> and/or <see cref="InboxStatus.Dead"/>; done only when
    /// null. Rows still to be processed (pending, processing, failed) are never purged.
    /// </summary>
    public IReadOnlyCollection<InboxStatus>? Statuses { get; init; }

    /// <summary>Gets the most rows one call deletes.</summary>
    public int MaxRows { get; init; } = 1000;

    /// <summary>Returns whether rows of <paramref name="status"/> are finished, so that a purge may delete them.</summary>
    public static bool IsPurgeable(InboxStatus status) => status is InboxStatus.Done or InboxStatus.Dead;

    /// <summary>Checks the filter and returns whether done and dead rows are purged.</summary>
    /// <exception cref="ArgumentException">A status other than done or dead, or <see cref="MaxRows"/> below 1.</exception>
    public (bool Done, bool Dead) Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRows, 1, nameof(MaxRows));
        var statuses = Statuses is { Count: > 0 } s ? s : [InboxStatus.Done];
        foreach (var status in statuses)
        {
            if (!IsPurgeable(status))
            {
                throw new ArgumentException($"Only done and dead deliveries can be purged, not {status}: the others are still to be processed.", nameof(Statuses));
            }
        }

        return (statuses.Contains(InboxStatus.Done), statuses.Contains(InboxStatus.Dead));
    }
}

/// <summary>A listing query.</summary>
public sealed record InboxQuery
{
    /// <summary>Gets the status filter.</summary>
    public InboxStatus? Status { get; init; }

    /// <summary>Gets the event type filter.</summary>
    public string? EventType { get; init; }

    /// <summary>Gets the earliest received time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Gets the most rows returned.</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>Inbox counts.</summary>
/// <param name="CountsByStatus">Rows per status.</param>
/// <param name="OldestDueReceivedAt">When the oldest pending or failed row was received, or null.</param>
public sealed record InboxStats(IReadOnlyDictionary<InboxStatus, long> CountsByStatus, DateTimeOffset? OldestDueReceivedAt);
