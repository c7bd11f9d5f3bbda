using System.Data.Common;
using ClerkSync.Mirror.Schema;
using Microsoft.Data.Sqlite;

namespace ClerkSync.Storage.Tests.Mirror;

public sealed class SqliteMirrorConvergenceTests : MirrorConvergenceTests
{
    internal override MirrorDialect Dialect => MirrorDialect.Sqlite;

    protected override Task<DbConnection> OpenAsync() => SqliteMirror.OpenAsync();
}

/// <summary>An in-memory SQLite database holding the mirror schema.</summary>
internal static class SqliteMirror
{
    public static async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await MirrorSchema.CreateAsync(connection, MirrorDialect.Sqlite);
        return connection;
    }
}

public sealed class SqliteMirrorProjectionTests : MirrorProjectionTests
{
    internal override MirrorDialect Dialect => MirrorDialect.Sqlite;

    private protected override Task<DbConnection> OpenAsync() => SqliteMirror.OpenAsync();
}
