using System.Data.Common;
using ClerkSync.Mirror.Schema;
using ClerkSync.TestKit;
using Npgsql;

namespace ClerkSync.Storage.Tests.Mirror;

public sealed class PostgreSqlMirrorConvergenceTests : MirrorConvergenceTests
{
    internal override MirrorDialect Dialect => MirrorDialect.PostgreSql;

    protected override Task<DbConnection> OpenAsync() => PostgreSqlMirror.OpenAsync(nameof(PostgreSqlMirrorConvergenceTests));
}

public sealed class PostgreSqlMirrorProjectionTests : MirrorProjectionTests
{
    internal override MirrorDialect Dialect => MirrorDialect.PostgreSql;

    private protected override Task<DbConnection> OpenAsync() => PostgreSqlMirror.OpenAsync(nameof(PostgreSqlMirrorProjectionTests));
}

/// <summary>A fresh PostgreSQL database holding the mirror schema.</summary>
internal static class PostgreSqlMirror
{
    public static async Task<DbConnection> OpenAsync(string name)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync(name)) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString);
        await connection.OpenAsync();
        await MirrorSchema.CreateAsync(connection, MirrorDialect.PostgreSql);
        return connection;
    }
}
