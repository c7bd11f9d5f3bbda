using System.Data.Common;
using System.Globalization;

namespace ClerkSync.Inbox;

/// <summary>
/// The dashboard's read side of the inbox (issue #13), implemented by each store beside its own SQL
/// (<c>SqliteInboxStore.Dashboard.cs</c>, <c>PostgreSqlInboxStore.Dashboard.cs</c>). Every query is served by an index:
/// pages are keyset-paged on (received_at, id) newest first, never by OFFSET, so page 1,000 of a 1,000,000-row inbox
/// costs what page 1 costs.
/// </summary>
internal interface IInboxBrowser
{
    /// <summary>One page of rows (no bodies, no history), newest first, after <see cref="InboxBrowseQuery.After"/>.</summary>
    Task<InboxPage> BrowseAsync(InboxBrowseQuery query, CancellationToken cancellationToken = default);

    /// <summary>Dead and failed rows grouped by status, event type and last error, largest groups first.</summary>
    Task<IReadOnlyList<InboxFailureGroup>> FailureGroupsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Puts every row of a failure group back to pending (attempts reset, history kept); returns how many.</summary>
    Task<int> ReplayGroupAsync(InboxFailureGroupKey group, CancellationToken cancellationToken = default);

    /// <summary>Deletes every row of a dead group (failed rows are still to be retried and are never purged); returns how many.</summary>
    Task<int> PurgeGroupAsync(InboxFailureGroupKey group, CancellationToken cancellationToken = default);

    /// <summary>Counts rows that became dead at or after <paramref name="since"/> (their last history entry).</summary>
    Task<long> CountDeadSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>When the newest stored delivery was received, or null for an empty inbox.</summary>
    Task<DateTimeOffset?> LastReceivedAtAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens a read connection on the database, for the mirror's read queries (<c>MirrorBrowser</c>).</summary>
    Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken = default);
}

/// <summary>A dashboard listing: optional filters, a cursor and a page size.</summary>
internal sealed record InboxBrowseQuery
{
    /// <summary>Gets the status filter.</summary>
    public InboxStatus? Status { get; init; }

    /// <summary>Gets the event type filter.</summary>
    public string? EventType { get; init; }

    /// <summary>Gets the earliest received time (inclusive).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the latest received time (exclusive).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets a svix id or a Clerk object id (<c>user_...</c>, the event's <c>data.id</c>) to search for.</summary>
    public string? Search { get; init; }

    /// <summary>Gets the position after which the page starts (the last row of the previous page).</summary>
    public InboxCursor? After { get; init; }

    /// <summary>Gets the page size.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>A keyset position: the received time and the row's storage id (the tie-break).</summary>
/// <param name="ReceivedAtMs">Unix milliseconds.</param>
/// <param name="Id">The row id (SQLite rowid, PostgreSQL identity).</param>
internal readonly record struct InboxCursor(long ReceivedAtMs, long Id)
{
    /// <summary>The cursor as it travels in a URL: <c>{ms}.{id}</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ReceivedAtMs}.{Id}");

    /// <summary>Parses <see cref="ToString"/>'s form; false for anything else.</summary>
    public static bool TryParse(string? text, out InboxCursor cursor)
    {
        cursor = default;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        cursor = new InboxCursor(ms, id);
        return true;
    }
}

/// <summary>One row of a listing: what the table shows, without the body or the history.</summary>
internal sealed record InboxListRow(
    long Id,
    string WebhookId,
    string EventType,
    string? ObjectId,
    DateTimeOffset ReceivedAt,
    InboxStatus Status,
    int Attempts,
    string? LastError)
{
    /// <summary>Gets this row's keyset position.</summary>
    public InboxCursor Cursor => new(ReceivedAt.ToUnixTimeMilliseconds(), Id);

    /// <summary>The object id of an entity key (<c>user:user_123</c> → <c>user_123</c>).</summary>
    public static string? ObjectIdOf(string? entityKey) =>
        entityKey is null ? null : entityKey[(entityKey.IndexOf(':', StringComparison.Ordinal) + 1)..];
}

/// <summary>A page of rows and the cursor of the next page (null on the last page).</summary>
internal sealed record InboxPage(IReadOnlyList<InboxListRow> Rows, InboxCursor? Next);

/// <summary>What identifies a failure group: the rows a group replay or purge acts on.</summary>
/// <param name="Status">Dead or failed.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Error">The last error, empty when none was recorded.</param>
internal sealed record InboxFailureGroupKey(InboxStatus Status, string EventType, string Error);

/// <summary>A failure group: its key, how many rows, and the newest received time among them.</summary>
internal sealed record InboxFailureGroup(InboxFailureGroupKey Key, long Count, DateTimeOffset LastReceivedAt);
