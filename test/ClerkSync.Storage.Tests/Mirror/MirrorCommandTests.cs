using System.CommandLine;
using System.Text;
using System.Text.Json;
using ClerkSync.Cli;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using Microsoft.Data.Sqlite;

namespace ClerkSync.Storage.Tests.Mirror;

/// <summary><c>clerk-sync mirror stats</c> and <c>mirror show</c> over a SQLite file (issue #4, section 6).</summary>
public sealed class MirrorCommandTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"clerksync-mirror-cli-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Stats_Json_CountsRowsTombstonesStubs()
    {
        await SeedAsync();
        var (code, output) = await RunAsync("mirror", "stats", "--db", _path, "--json");

        Assert.Equal(ExitCode.Success, code);
        using var json = JsonDocument.Parse(output);
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        Assert.Equal(15, tables.Count);
        Assert.Equal(2, tables[MirrorCatalog.Users].GetProperty("rows").GetInt64());
        Assert.Equal(1, tables[MirrorCatalog.Users].GetProperty("tombstones").GetInt64());
        Assert.Equal(1, tables[MirrorCatalog.Organizations].GetProperty("stubs").GetInt64());
        Assert.Equal(1, tables[MirrorCatalog.OrganizationMemberships].GetProperty("live").GetInt64());
    }

    [Fact]
    public async Task Stats_Text_OneLinePerTable()
    {
        await SeedAsync();
        var (code, output) = await RunAsync("mirror", "stats", "--db", _path);
        Assert.Equal(ExitCode.Success, code);
        Assert.Equal(16, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("clerk_users", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Json_RowAndSvixIds()
    {
        await SeedAsync();
        var (code, output) = await RunAsync("mirror", "show", "users", "user_1", "--db", _path, "--json");

        Assert.Equal(ExitCode.Success, code);
        using var json = JsonDocument.Parse(output);
        var row = json.RootElement.GetProperty("row");
        Assert.Equal("Ann", row.GetProperty("first_name").GetString());
        Assert.Equal("user_1", row.GetProperty("data").GetProperty("id").GetString());
        Assert.False(row.GetProperty("stub").GetBoolean());
        Assert.Equal(["msg_1", "msg_2", "msg_m"], json.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("webhook_id").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Show_Text_MissingRowExitsOne()
    {
        await SeedAsync();
        var (code, output) = await RunAsync("mirror", "show", "clerk_users", "user_nope", "--db", _path);
        Assert.Equal(ExitCode.Failed, code);
        Assert.Contains("No row user_nope", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownTable_UsageError()
    {
        await SeedAsync();
        var (code, _) = await RunAsync("mirror", "show", "clerk_nope", "x", "--db", _path);
        Assert.Equal(ExitCode.UsageError, code);
    }

    [Fact]
    public async Task Show_UnknownTable_ListsTheShortNamesItAccepts()
    {
        // Issue #12: `users` works, but the message listed only clerk_users.
        await SeedAsync();
        var (code, _, error) = await RunWithErrorAsync("mirror", "show", "user", "x", "--db", _path);

        Assert.Equal(ExitCode.UsageError, code);
        Assert.Contains("'user' is not a mirror table. Tables (the clerk_ prefix is optional): users, ", error, StringComparison.Ordinal);
        Assert.All(MirrorCatalog.All, t => Assert.Contains(t.Name["clerk_".Length..], error, StringComparison.Ordinal));
        var (shortCode, shortOutput) = await RunAsync("mirror", "show", "users", "user_1", "--db", _path);
        Assert.Equal(ExitCode.Success, shortCode);
        Assert.Contains("user_1", shortOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_MissingDatabase_UsageError()
    {
        var (code, _) = await RunAsync("mirror", "stats", "--db", _path + ".missing");
        Assert.Equal(ExitCode.UsageError, code);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var (code, output, _) = await RunWithErrorAsync(args);
        return (code, output);
    }

    private static async Task<(int Code, string Output, string Error)> RunWithErrorAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.CreateCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private async Task SeedAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        await MirrorSchema.CreateAsync(connection, MirrorDialect.Sqlite);
        var projection = new MirrorProjection(MirrorDialect.Sqlite, TimeProvider.System);
        foreach (var (id, json) in new[]
        {
            ("msg_1", MirrorProjectionTests.Envelope("user.created", 1, MirrorProjectionTests.User("user_1", "Ann", 10))),
            ("msg_2", MirrorProjectionTests.Envelope("user.updated", 2, MirrorProjectionTests.User("user_1", "Ann", 20))),
            ("msg_m", MirrorProjectionTests.Envelope("organizationMembership.created", 3, MirrorProjectionTests.Membership("orgmem_1", "org_1", "user_1", 30))),
            ("msg_3", MirrorProjectionTests.Envelope("user.created", 1, MirrorProjectionTests.User("user_2", "Bob", 10))),
            ("msg_4", MirrorProjectionTests.Envelope("user.deleted", 5, new System.Text.Json.Nodes.JsonObject { ["id"] = "user_2", ["deleted"] = true })),
        })
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await projection.ApplyAsync(Encoding.UTF8.GetBytes(json), id, transaction);
            await transaction.CommitAsync();
        }
    }
}
