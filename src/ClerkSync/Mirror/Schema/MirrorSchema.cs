using System.Data.Common;

namespace ClerkSync.Mirror.Schema;

/// <summary>
/// Creates and migrates the mirror tables (issues #4, #16). Schema 1 is <c>CREATE ... IF NOT EXISTS</c>; schema 2 adds
/// the change log's origin and dispatch columns (each only when missing) and ClerkSync's reconcile tables, so the
/// storage providers call <see cref="CreateAsync"/> on every start-up, inside their schema-version migration.
/// </summary>
internal static class MirrorSchema
{
    /// <summary>The mirror's schema version, recorded as component <c>mirror</c> in <c>clerk_sync_schema_version</c>.</summary>
    public const int Version = 2;

    /// <summary>Creates the mirror tables, the change log and the reconcile tables on <paramref name="connection"/>, or brings them to <see cref="Version"/>.</summary>
    public static async Task CreateAsync(DbConnection connection, MirrorDialect dialect, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        var sql = MirrorSql.For(dialect);
        foreach (var statement in sql.Ddl)
        {
            await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
        }

        foreach (var column in sql.AddedColumns2)
        {
            if (!await ColumnExistsAsync(connection, dialect, transaction, column, cancellationToken).ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, column.Sql, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var statement in sql.Created2)
        {
            await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> ColumnExistsAsync(DbConnection connection, MirrorDialect dialect, DbTransaction? transaction, MirrorAddedColumn column, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = dialect.ColumnExists;
            foreach (var (name, value) in new[] { ("table", column.Table), ("column", column.Column) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string statement, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
