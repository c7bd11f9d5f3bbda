using System.Data.Common;
using ClerkSync.Mirror.Schema;
using ClerkSync.TestKit;
using Npgsql;

namespace ClerkSync.Storage.Tests.Mirror;

public sealed class PostgreSqlMirrorConvergenceTests : MirrorConvergenceTests
{
    internal override MirrorDialect Dialect => MirrorDialect.PostgreSql;

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync(nameof(PostgreSqlMirrorConvergenceTests))) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString);
        await connection.OpenAsync();
        await MirrorSchema.CreateAsync(connection, MirrorDialect.PostgreSql);
        return connection;
    }
}
