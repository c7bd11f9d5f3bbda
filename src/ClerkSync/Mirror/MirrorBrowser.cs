using System.Data.Common;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Mirror;

/// <summary>One mirror row a delivery changed (the change log), for the dashboard's Delivery page.</summary>
/// <param name="Table">The mirror table.</param>
/// <param name="RowId">Clerk's id of the row.</param>
/// <param name="Change"><c>upsert</c>, <c>delete</c>, <c>stub</c> or <c>cascade</c>.</param>
/// <param name="Version">The event's version.</param>
/// <param name="AppliedAt">When it was applied.</param>
internal sealed record MirrorTouch(string Table, string RowId, string Change, long Version, DateTimeOffset AppliedAt);

/// <summary>
/// The dashboard's mirror reads (issue #13), the same SQL on SQLite and PostgreSQL: what a delivery changed, and a user
/// or organization found by id or email. Served by the indexes the stores add for the dashboard
/// (<c>ix_clerk_sync_mirror_changes_webhook</c>, <c>ix_clerk_user_email_addresses_email_address</c>).
/// </summary>
internal static class MirrorBrowser
{
    /// <summary>The change-log rows one delivery wrote, in the order they were applied.</summary>
    public static async Task<IReadOnlyList<MirrorTouch>> ChangesOfAsync(DbConnection connection, string webhookId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var touches = new List<MirrorTouch>();
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText =
                $"SELECT table_name, row_id, change, version, applied_at FROM {MirrorColumns.ChangesTable} WHERE webhook_id = @id ORDER BY applied_at, table_name, row_id";
            Add(command, "id", webhookId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    touches.Add(new MirrorTouch(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
                }
            }
        }

        return touches;
    }

    /// <summary>
    /// Finds the mirror row for <paramref name="idOrEmail"/>: an id with a known prefix (<c>user_</c>, <c>org_</c>) in its
    /// table, or an email address in <c>clerk_user_email_addresses</c> (its user). Returns the table and id, or null.
    /// </summary>
    public static async Task<(string Table, string Id)?> FindAsync(DbConnection connection, string idOrEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var text = idOrEmail.Trim();
        if (text.Contains('@', StringComparison.Ordinal))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                // Clerk stores addresses in lower case; the index serves the exact match.
                command.CommandText = $"SELECT user_id FROM {MirrorCatalog.UserEmailAddresses} WHERE email_address = @email ORDER BY user_id LIMIT 1";
                Add(command, "email", text.ToLowerInvariant());
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string userId ? (MirrorCatalog.Users, userId) : null;
            }
        }

        var table = text.StartsWith("user_", StringComparison.Ordinal) ? MirrorCatalog.Users
            : text.StartsWith("org_", StringComparison.Ordinal) ? MirrorCatalog.Organizations
            : null;
        return table is null ? null : (table, text);
    }

    /// <summary>The index DDL the dashboard needs on the mirror tables (both dialects accept it).</summary>
    public static IReadOnlyList<string> IndexDdl { get; } =
    [
        $"CREATE INDEX IF NOT EXISTS ix_{MirrorColumns.ChangesTable}_webhook ON {MirrorColumns.ChangesTable} (webhook_id)",
        $"CREATE INDEX IF NOT EXISTS ix_{MirrorCatalog.UserEmailAddresses}_email_address ON {MirrorCatalog.UserEmailAddresses} (email_address)",
    ];

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
