using System.Data.Common;

namespace ClerkSync.Mirror.Schema;

/// <summary>
/// Creates the mirror tables (issue #4). Every statement is <c>CREATE ... IF NOT EXISTS</c>, so the storage providers
/// call it from their InitializeAsync on every start-up, inside their schema-version migration.
/// </summary>
internal static class MirrorSchema
{
    /// <summary>The mirror's schema version, recorded as component <c>mirror</c> in <c>clerk_sync_schema_version</c>.</summary>
    public const int Version = 1;

    /// <summary>Gets the whole DDL as one script (statements separated by semicolons), for a provider's migration batch.</summary>
    public static string Script(MirrorDialect dialect) => string.Join(";\n", MirrorSql.For(dialect).Ddl) + ";\n";

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
