namespace ClerkSync.Mirror.Changes;

/// <summary>
/// Hears about every change of the mirror tables, whatever wrote it: a webhook processed by the workers, or a
/// reconciliation against the Clerk Backend API (issue #16). Typed event handlers do not run for a backfilled user;
/// this does. Register it with <c>AddMirrorChangeHandler&lt;T&gt;()</c>.
/// </summary>
/// <remarks>
/// Run by the workers after the change committed, at least once, in no guaranteed order: a crash between the change
/// and its dispatch only delays it, and a handler that throws is called again with backoff. Read the row's current
/// state (it may have changed again since) and make the handler idempotent. Every instance sharing a database must
/// register the same handlers: an instance without any marks changes as dispatched.
/// </remarks>
public interface IClerkMirrorChangeHandler
{
    /// <summary>Handles one change.</summary>
    /// <param name="change">The table, row, operation and origin.</param>
    /// <param name="cancellationToken">Signalled at shutdown.</param>
    Task HandleAsync(ClerkMirrorChange change, CancellationToken cancellationToken);
}

/// <summary>One change of a mirror row: a row of <c>clerk_sync_mirror_changes</c> (docs/schema.md).</summary>
/// <param name="Table">The mirror table (<c>clerk_users</c>, ...).</param>
/// <param name="RowId">The row's id (Clerk's id).</param>
/// <param name="Operation"><c>upsert</c> (created or updated data), <c>delete</c> (the row's own deletion), <c>stub</c> (a placeholder from another object's embedded copy) or <c>cascade</c> (a parent's deletion).</param>
/// <param name="Origin"><c>webhook</c> or <c>reconcile</c>.</param>
/// <param name="SourceId">The svix id of the event, or the reconcile run id.</param>
/// <param name="Version">The version written (<c>updated_at</c>, ms; for a deletion without one, its time).</param>
/// <param name="AppliedAt">When the mirror applied it.</param>
/// <param name="Attempt">The dispatch attempt, from 1.</param>
public sealed record ClerkMirrorChange(string Table, string RowId, string Operation, string Origin, string SourceId, long Version, DateTimeOffset AppliedAt, int Attempt);
