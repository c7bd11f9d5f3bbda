using System.Data.Common;

namespace ClerkSync.Mirror.Schema;

/// <summary>
/// Creates the mirror tables (issue #4). Every statement is <c>CREATE ... IF NOT EXISTS</c>, so the storage providers
/// call it from their InitializeAsync on every start-up, inside their schema-version migration.
/// </summary>
internal static class MirrorSchema
{
    /// <summary>Creates the mirror tables and the change log on <paramref name="connection"/> if they do not exist.</summary>
    public static async Task CreateAsync(DbConnection connection, MirrorDialect dialect, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        foreach (var statement in MirrorSql.For(dialect).Ddl)
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
}
