using ClerkSync.Mirror.Schema;

namespace ClerkSync.Mirror.Changes;

/// <summary>
/// The change-log dispatch statements (issue #16), one text per dialect: a claim moves <c>dispatch_after</c> past the
/// lease (its new value is the claim's token), a completion clears it if the token still holds, a failure moves it to
/// the retry time. PostgreSQL claims with SKIP LOCKED so that instances never take the same change at once.
/// </summary>
internal sealed class MirrorChangeSql
{
    private const string Key = "table_name = @table_name AND row_id = @row_id AND webhook_id = @webhook_id";

    private static readonly Dictionary<MirrorDialect, MirrorChangeSql> Cache = [];

    private MirrorChangeSql(MirrorDialect dialect)
    {
        const string T = MirrorColumns.ChangesTable;
        const string After = MirrorColumns.DispatchAfter;
        var skipLocked = dialect == MirrorDialect.PostgreSql ? " FOR UPDATE SKIP LOCKED" : string.Empty;
        AnyDue = $"SELECT 1 FROM {T} WHERE {After} <= @now LIMIT 1";
        Claim =
            $"UPDATE {T} SET {After} = @until WHERE (table_name, row_id, webhook_id) IN (" +
            $"SELECT table_name, row_id, webhook_id FROM {T} WHERE {After} <= @now ORDER BY {After} LIMIT @max{skipLocked}) " +
            $"RETURNING table_name, row_id, webhook_id, change, version, applied_at, {MirrorColumns.Origin}, {MirrorColumns.DispatchAttempts}";
        MarkAll =
            $"UPDATE {T} SET {After} = NULL WHERE (table_name, row_id, webhook_id) IN (" +
            $"SELECT table_name, row_id, webhook_id FROM {T} WHERE {After} <= @now LIMIT @max{skipLocked})";
        Complete = $"UPDATE {T} SET {After} = NULL WHERE {Key} AND {After} = @until";
        Fail = $"UPDATE {T} SET {After} = @next, {MirrorColumns.DispatchAttempts} = {MirrorColumns.DispatchAttempts} + 1 WHERE {Key} AND {After} = @until";
    }

    /// <summary>Gets whether any change is due (@now): a cheap read before a write.</summary>
    public string AnyDue { get; }

    /// <summary>Gets the claim of up to @max due changes (@now) until @until.</summary>
    public string Claim { get; }

    /// <summary>Gets the mark of up to @max due changes as dispatched, for a host without handlers.</summary>
    public string MarkAll { get; }

    /// <summary>Gets the completion of one claimed change (key, @until).</summary>
    public string Complete { get; }

    /// <summary>Gets the failure of one claimed change (key, @until): due again at @next, or never when null.</summary>
    public string Fail { get; }

    /// <summary>Gets the statements for <paramref name="dialect"/>.</summary>
    public static MirrorChangeSql For(MirrorDialect dialect)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(dialect, out var sql))
            {
                sql = new MirrorChangeSql(dialect);
                Cache[dialect] = sql;
            }

            return sql;
        }
    }
}
