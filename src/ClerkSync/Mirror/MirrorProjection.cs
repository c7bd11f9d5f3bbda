using System.Data.Common;
using System.Text.Json;
using ClerkSync.Mirror.Schema;
using ClerkSync.Webhooks;

namespace ClerkSync.Mirror;

/// <summary>
/// The built-in projection (issue #4): keeps the clerk_* tables in step with the events, whatever the delivery order
/// and however many duplicates. The rules (docs/schema.md, "Convergence"):
/// <list type="bullet">
/// <item>A row's data comes from the event with the greatest (version, svix id), where version is
/// <c>data.updated_at</c> (ms); equal versions are broken by the svix id compared ordinally.</item>
/// <item>A deletion is sticky: <c>deleted_at</c> is the earliest (time, svix id) of any deletion of the row or of a
/// parent that cascades to it; later data is still recorded but never resurrects the row (Clerk never reuses ids).</item>
/// <item>A membership writes stub rows (version 0) for its organization and user from the embedded objects; the
/// first real event replaces them.</item>
/// <item>A user's emails, phones and external accounts are replaced from the arrays of the user data that wins.</item>
/// </list>
/// Each rule is a join (max or min) over the events applied, so the result does not depend on their order.
/// </summary>
internal sealed class MirrorProjection : IMirrorProjection
{
    private static readonly (MirrorTable Table, string Array)[] UserChildren =
    [
        (MirrorCatalog.UserEmailAddressesTable, "email_addresses"),
        (MirrorCatalog.UserPhoneNumbersTable, "phone_numbers"),
        (MirrorCatalog.UserExternalAccountsTable, "external_accounts"),
    ];

    private readonly MirrorSql _sql;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="MirrorProjection"/> class.</summary>
    public MirrorProjection(MirrorDialect dialect, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _sql = MirrorSql.For(dialect);
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the statements this projection runs.</summary>
    public MirrorSql Sql => _sql;

    /// <inheritdoc/>
    public Task ApplyAsync(ClerkEvent evt, string webhookId, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);

        // The projection reads the exact bytes the event was parsed from (ClerkEvents.Parse keeps them): one JSON pass
        // over the data, the same for every event type, known or not.
        return evt.RawJson.IsEmpty
            ? throw new ArgumentException($"The {evt.Type} event has no RawJson: parse it with ClerkEvents.Parse to mirror it.", nameof(evt))
            : ApplyAsync(evt.RawJson, webhookId, transaction, cancellationToken);
    }

    /// <summary>Applies one event given as its envelope JSON (the inbox body).</summary>
    public async Task ApplyAsync(ReadOnlyMemory<byte> envelopeJson, string webhookId, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(envelopeJson);
        var root = document.RootElement;
        var type = MirrorCatalog.String(root, "type");
        var timestamp = MirrorCatalog.Int64(root, "timestamp") ?? 0;
        if (type is null || !root.TryGetProperty("data", out var data))
        {
            return;
        }

        await ApplyAsync(type, timestamp, data, webhookId, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies one event: its type, envelope timestamp (seconds or ms) and <c>data</c>.</summary>
    public Task ApplyAsync(string type, long timestamp, JsonElement data, string webhookId, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(webhookId);
        ArgumentNullException.ThrowIfNull(transaction);
        var table = TableOf(type);
        if (table is null || data.ValueKind != JsonValueKind.Object || MirrorCatalog.String(data, "id") is not { } id)
        {
            return Task.CompletedTask; // email.created, sms.created, unknown types: messages, not state.
        }

        // Clerk documents milliseconds but its examples send seconds: below 10^11 is seconds.
        var timestampMs = timestamp < 100_000_000_000 ? timestamp * 1000 : timestamp;
        var isDelete = type.EndsWith(".deleted", StringComparison.Ordinal);

        // A delete that carries the full object (memberships; roles in the TS shape) also contributes its data.
        var hasData = !isDelete || MirrorCatalog.Int64(data, "updated_at") is not null;
        return ApplyCoreAsync(table, id, data, hasData, isDelete, timestampMs, webhookId, MirrorOrigin.Webhook, transaction, cancellationToken);
    }

    /// <summary>
    /// Applies an object listed by the Clerk Backend API (issue #16) as a snapshot: the same merge as an event whose
    /// version is the object's <c>updated_at</c> (or <paramref name="listedAt"/> when it has none), written by
    /// <paramref name="sourceId"/> (the reconcile run, which orders after every svix id of the same version).
    /// </summary>
    public Task ApplySnapshotAsync(MirrorTable table, JsonElement data, long listedAt, string sourceId, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentNullException.ThrowIfNull(transaction);
        return MirrorCatalog.String(data, "id") is { } id
            ? ApplyCoreAsync(table, id, data, hasData: true, isDelete: false, listedAt, sourceId, MirrorOrigin.Reconcile, transaction, cancellationToken)
            : throw new ArgumentException("A listed object has no id.", nameof(data));
    }

    /// <summary>
    /// Records that Clerk no longer has a row (issue #16: absent from a listing and confirmed gone): the same as a
    /// data-less delete event at <paramref name="deletedAt"/>, cascades included. An earlier deletion, whenever it
    /// arrives, still wins.
    /// </summary>
    public Task ApplyDeletionAsync(MirrorTable table, string id, long deletedAt, string sourceId, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentNullException.ThrowIfNull(transaction);
        return ApplyCoreAsync(table, id, default, hasData: false, isDelete: true, deletedAt, sourceId, MirrorOrigin.Reconcile, transaction, cancellationToken);
    }

    // One definition of the merge for every source: the object (default for a deletion without one), whether it
    // competes as data, the event time in ms (the version when the object has no updated_at, and the deletion time),
    // the writer's id and its origin.
    private async Task ApplyCoreAsync(MirrorTable table, string id, JsonElement data, bool hasData, bool isDelete, long timestampMs, string sourceId, string origin, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var appliedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var version = MirrorCatalog.Int64(data, "updated_at") ?? timestampMs;
        var deletion = isDelete ? new Deletion(timestampMs, sourceId) : Deletion.None;

        // A child inherits the earliest deletion of its parents, whichever arrived first (the cascade's other half).
        var changes = new List<LoggedChange>(3);
        var stubs = table == MirrorCatalog.OrganizationMembershipsTable && data.ValueKind == JsonValueKind.Object
            ? await WriteMembershipStubsAsync(data, sourceId, changes, transaction, cancellationToken).ConfigureAwait(false)
            : null;
        foreach (var link in table.Parents)
        {
            if (table.Column(link.Column).Read(data, default) is string parentId)
            {
                var parentDeletion = stubs is not null && stubs.TryGetValue(link.Parent, out var known)
                    ? known
                    : await TouchAsync(link.Parent, parentId, transaction, cancellationToken).ConfigureAwait(false);
                deletion = Deletion.Earliest(deletion, parentDeletion);
            }
        }

        var merged = await UpsertAsync(
            table, id, hasData ? data : default, default, hasData ? version : 0, hasData ? sourceId : null, stub: !hasData, deletion, needResult: isDelete || table == MirrorCatalog.UsersTable, transaction, cancellationToken).ConfigureAwait(false);
        changes.Add(new LoggedChange(table.Name, id, isDelete ? "delete" : "upsert", version));
        await LogAsync(changes, sourceId, origin, appliedAt, transaction, cancellationToken).ConfigureAwait(false);

        if (table == MirrorCatalog.UsersTable && hasData && merged.Version == version && string.Equals(merged.WebhookId, sourceId, StringComparison.Ordinal))
        {
            await ReplaceUserChildrenAsync(data, id, version, sourceId, merged.Deletion, transaction, cancellationToken).ConfigureAwait(false);
        }

        if (isDelete)
        {
            await CascadeAsync(table.Name, id, merged.Deletion, version, origin, appliedAt, transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the table an event type writes, or null for messages (email, sms) and unknown types.</summary>
    internal static MirrorTable? TableOf(string type)
    {
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? type : type[..dot]) switch
        {
            "user" => MirrorCatalog.UsersTable,
            "organization" => MirrorCatalog.OrganizationsTable,
            "organizationMembership" => MirrorCatalog.OrganizationMembershipsTable,
            "organizationInvitation" => MirrorCatalog.OrganizationInvitationsTable,
            "organizationDomain" => MirrorCatalog.OrganizationDomainsTable,
            "role" => MirrorCatalog.RolesTable,
            "permission" => MirrorCatalog.PermissionsTable,
            "session" => MirrorCatalog.SessionsTable,
            "waitlistEntry" => MirrorCatalog.WaitlistEntriesTable,
            "subscription" => MirrorCatalog.SubscriptionsTable,
            "subscriptionItem" => MirrorCatalog.SubscriptionItemsTable,
            "paymentAttempt" => MirrorCatalog.PaymentAttemptsTable,
            _ => null,
        };
    }

    // Stubs (version 0, stub = true): the membership's embedded organization and public_user_data, so that the
    // membership never waits for its parents. Any real event (version = updated_at > 0) replaces a stub's data.
    private async Task<Dictionary<string, Deletion>> WriteMembershipStubsAsync(JsonElement membership, string webhookId, List<LoggedChange> changes, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var deletions = new Dictionary<string, Deletion>(2, StringComparer.Ordinal);
        foreach (var (table, property, idProperty) in new[] { (MirrorCatalog.OrganizationsTable, "organization", "id"), (MirrorCatalog.UsersTable, "public_user_data", "user_id") })
        {
            if (membership.TryGetProperty(property, out var embedded) && MirrorCatalog.String(embedded, idProperty) is { } parentId)
            {
                var merged = await UpsertAsync(table, parentId, embedded, default, 0, webhookId, stub: true, Deletion.None, needResult: true, transaction, cancellationToken).ConfigureAwait(false);
                changes.Add(new LoggedChange(table.Name, parentId, "stub", 0));
                deletions[table.Name] = merged.Deletion;
            }
        }

        return deletions;
    }

    private async Task ReplaceUserChildrenAsync(JsonElement user, string userId, long version, string webhookId, Deletion deletion, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var delete = MirrorCommandCache.Get(transaction, _sql.DeleteUserChildren);
        delete.Set("parent_id", userId);
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (table, array) in UserChildren)
        {
            if (user.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (MirrorCatalog.String(item, "id") is { } childId)
                    {
                        await UpsertAsync(table, childId, item, user, version, webhookId, stub: false, deletion, needResult: false, transaction, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private async Task CascadeAsync(string parent, string parentId, Deletion deletion, long version, string origin, long appliedAt, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var child in MirrorCatalog.All)
        {
            foreach (var link in child.Parents)
            {
                if (!string.Equals(link.Parent, parent, StringComparison.Ordinal))
                {
                    continue;
                }

                var update = MirrorCommandCache.Get(transaction, _sql.CascadeOf(child.Name, link.Column));
                update.Set("parent_id", parentId);
                update.Set("deleted_at", deletion.At);
                update.Set("deleted_webhook_id", deletion.WebhookId);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                var log = MirrorCommandCache.Get(transaction, _sql.CascadeLogOf(child.Name, link.Column));
                log.Set("parent_id", parentId);
                log.Set("webhook_id", deletion.WebhookId);
                log.Set("version", version);
                log.Set("applied_at", appliedAt);
                log.Set("origin", origin);
                await log.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The parent's deletion, read by a data-less upsert rather than a SELECT: the upsert creates the parent row if it
    // is missing and locks it, so on PostgreSQL a concurrent deletion of the parent either commits first (and is
    // returned here) or waits for this transaction (and its cascade then sees this child). A plain read could miss
    // both. The data-less contribution never wins the data merge; a row created this way is a stub with no data.
    private async Task<Deletion> TouchAsync(string table, string id, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var parent = MirrorCatalog.Find(table)!;
        var merged = await UpsertAsync(parent, id, default, default, 0, null, stub: true, Deletion.None, needResult: true, transaction, cancellationToken).ConfigureAwait(false);
        return merged.Deletion;
    }

    private async Task<Merged> UpsertAsync(
        MirrorTable table, string id, JsonElement data, JsonElement parent, long version, string? webhookId, bool stub, Deletion deletion, bool needResult, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = MirrorCommandCache.Get(transaction, _sql.UpsertOf(table.Name));
        var hasData = data.ValueKind == JsonValueKind.Object;

        // By position, in the order MirrorSql.Upsert names them: id, typed columns, data, version, last_webhook_id,
        // stub, deleted_at, deleted_webhook_id.
        var i = 0;
        command.Set(i++, id);
        foreach (var column in table.Columns)
        {
            command.Set(i++, hasData ? column.Read(data, parent) : null);
        }

        command.Set(i++, hasData ? data.GetRawText() : null);
        command.Set(i++, version);
        command.Set(i++, webhookId);
        command.Set(i++, stub);
        command.Set(i++, deletion.At);
        command.Set(i, deletion.WebhookId);
        if (!needResult)
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return default;
        }

        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"The upsert into {table.Name} returned no row.");
            }

            return new Merged(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? Deletion.None : new Deletion(reader.GetInt64(2), reader.GetString(3)));
        }
    }

    private async Task LogAsync(List<LoggedChange> changes, string webhookId, string origin, long appliedAt, DbTransaction transaction, CancellationToken cancellationToken)
    {
        for (var start = 0; start < changes.Count; start += MirrorSql.MaxLoggedPerStatement)
        {
            var count = Math.Min(MirrorSql.MaxLoggedPerStatement, changes.Count - start);
            var log = MirrorCommandCache.Get(transaction, _sql.LogChanges[count - 1]);
            log.Set("webhook_id", webhookId);
            log.Set("applied_at", appliedAt);
            log.Set("origin", origin);
            for (var i = 0; i < count; i++)
            {
                var change = changes[start + i];
                var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                log.Set("table_name" + n, change.Table);
                log.Set("row_id" + n, change.Id);
                log.Set("change" + n, change.Change);
                log.Set("version" + n, change.Version);
            }

            await log.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private readonly record struct LoggedChange(string Table, string Id, string Change, long Version);

    private readonly record struct Merged(long Version, string? WebhookId, Deletion Deletion);

    /// <summary>A deletion: when (ms) and by which svix id; the earliest wins, ties by svix id.</summary>
    private readonly record struct Deletion(long? At, string? WebhookId)
    {
        public static Deletion None => default;

        public static Deletion Earliest(Deletion a, Deletion b) =>
            a.At is null ? b
            : b.At is null ? a
            : a.At < b.At || (a.At == b.At && string.CompareOrdinal(a.WebhookId, b.WebhookId) <= 0) ? a : b;
    }
}
