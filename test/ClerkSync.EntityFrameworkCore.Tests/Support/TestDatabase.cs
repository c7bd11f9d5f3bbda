using ClerkSync.EntityFrameworkCore.TestHost;
using ClerkSync.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.EntityFrameworkCore.Tests.Support;

/// <summary>One database for a test: a SQLite file in a new folder, or a fresh PostgreSQL database (TestKit's server).</summary>
/// <param name="Postgres">Whether it is PostgreSQL.</param>
/// <param name="Target">The SQLite file path, or the Npgsql connection string.</param>
internal sealed record TestDatabase(bool Postgres, string Target)
{
    public static async Task<TestDatabase> CreateAsync(bool postgres, string name = "efcore") => postgres
        ? new(true, await PostgresServer.CreateDatabaseAsync(name))
        : new(false, Path.Combine(Directory.CreateTempSubdirectory($"clerksync-{name}-").FullName, name + ".db"));

    /// <summary>Gets the provider name, for theory display.</summary>
    public string Provider => Postgres ? "PostgreSql" : "Sqlite";

    /// <summary>Points an EF context at this database.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) =>
        Postgres ? options.UseNpgsql(Target) : options.UseSqlite("Data Source=" + Target);

    /// <summary>Points ClerkSync's inbox and mirror at this database.</summary>
    public IClerkSyncBuilder Configure(IClerkSyncBuilder clerkSync) =>
        Postgres ? clerkSync.UsePostgreSql(Target) : clerkSync.UseSqlite(Target);

    /// <summary>The <c>--db</c> or <c>--provider/--connection</c> options of the CLI and the test host.</summary>
    public string[] CliOptions => Postgres ? ["--provider", "PostgreSql", "--connection", Target] : ["--db", Target];

    /// <summary>Opens a context outside any host (for assertions), with the mirror write guard.</summary>
    public HostDb OpenContext()
    {
        var options = new DbContextOptionsBuilder<HostDb>();
        Configure(options).UseClerkMirrorReadOnly();
        return new HostDb(options.Options);
    }
}
