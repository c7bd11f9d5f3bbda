using System.Text.Json;
using ClerkSync.Cli.Tests.Support;
using ClerkSync.TestKit;
using ClerkSync.Webhooks;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ClerkSync.Cli.Tests.Storage;

/// <summary>
/// Issue #14, item 3: <c>serve</c> and every command open the same storage from the same configuration (the
/// <c>ClerkSync</c> section of appsettings.json, the environment, <c>--db</c>), on PostgreSQL as on SQLite.
/// </summary>
public sealed class StorageConfigurationTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task ServeEventsMirror_PostgreSqlFromTheEnvironment_AllWorkOnThatDatabase()
    {
        // The contract: only ClerkSync__Storage__Provider and ClerkSync__Storage__ConnectionString, no flag.
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await PostgresServer.CreateDatabaseAsync(nameof(StorageConfigurationTests));
        var secret = WebhookSecret.Generate();
        await using var serve = ServeProcess.InNewFolder("pg", secret);
        serve.DatabaseFlag = false;
        serve.Environment["ClerkSync__Storage__Provider"] = "PostgreSql";
        serve.Environment["ClerkSync__Storage__ConnectionString"] = connectionString;
        await serve.StartAsync(ct);

        var sent = await _cli.RunAsync("send", "--url", serve.WebhookUrl.ToString(), "--secret", secret, "--type", "user.created", "--count", "3", "--json");
        Assert.True(sent.ExitCode == 0, sent.All);
        await WaitForDoneAsync(connectionString, 3, ct);

        var list = await serve.RunCliAsync(ct, "events", "list", "--json");
        Assert.True(list.ExitCode == 0, list.Output + list.Error);
        using (var rows = JsonDocument.Parse(list.Output))
        {
            Assert.Equal(3, rows.RootElement.GetArrayLength());
            Assert.All(rows.RootElement.EnumerateArray(), r => Assert.Equal("done", r.GetProperty("status").GetString()));
            Assert.Equal(await WebhookIdsAsync(connectionString, ct), rows.RootElement.EnumerateArray().Select(r => r.GetProperty("webhook_id").GetString()!).Order(StringComparer.Ordinal));
        }

        var stats = await serve.RunCliAsync(ct, "mirror", "stats", "--json");
        Assert.True(stats.ExitCode == 0, stats.Output + stats.Error);
        using (var tables = JsonDocument.Parse(stats.Output))
        {
            var users = tables.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString() == "clerk_users");
            Assert.Equal(3, users.GetProperty("live").GetInt64());
        }

        // Nothing fell back to a SQLite file in the working directory.
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(serve.Database)!, "*.db*"));
    }

    [Fact]
    public async Task MirrorStats_AppsettingsSelectsASqliteFile_OpensThatFileThroughTheVersionTable()
    {
        var database = EmptySqliteFile("from-settings.db");
        _cli.WriteFile("appsettings.json", """{"ClerkSync":{"Storage":{"Provider":"sqlite","ConnectionString":"from-settings.db"}}}""");

        var result = await _cli.RunAsync("mirror", "stats", "--json");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(15, JsonDocument.Parse(result.Output).RootElement.GetProperty("tables").GetArrayLength());
        Assert.False(File.Exists(_cli.PathOf("clerk-sync.db")));
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var versions = new SqliteCommand("SELECT component FROM clerk_sync_schema_version ORDER BY component", connection);
        await using var reader = await versions.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var components = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            components.Add(reader.GetString(0));
        }

        Assert.Equal(["inbox", "mirror"], components);
    }

    [Fact]
    public async Task EventsList_DbFlag_WinsOverTheEnvironment()
    {
        EmptySqliteFile("flag.db");
        _cli.WithEnvironment("ClerkSync__Storage__Provider", "PostgreSql");

        var result = await _cli.RunAsync("events", "list", "--db", "flag.db", "--json");

        Assert.True(result.ExitCode == 0, result.All);
    }

    [Theory]
    [InlineData("Postgres", "ClerkSync:Storage:Provider is 'Postgres': use Sqlite or PostgreSql.")]
    [InlineData("PostgreSql", "PostgreSql needs a connection string: set ClerkSync__Storage__ConnectionString")]
    [InlineData(null, "No database at")]
    public async Task MirrorStats_BadStorageConfiguration_ExitsTwoSayingWhatToSet(string? provider, string expected)
    {
        if (provider is not null)
        {
            _cli.WithEnvironment("ClerkSync__Storage__Provider", provider);
        }

        var result = await _cli.RunAsync("mirror", "stats", "--json");

        result.ExpectUsageError(expected);
    }

    [Fact]
    public async Task EventsList_DbWithPostgreSqlProvider_IsAUsageError()
    {
        var result = await _cli.RunAsync("events", "list", "--db", "x.db", "--provider", "PostgreSql");
        result.ExpectUsageError("--db names a SQLite file");
    }

    [Fact]
    public async Task EventsList_UnreachablePostgreSql_OneLineAndExitTwo()
    {
        _cli.WithEnvironment("ClerkSync__Storage__Provider", "PostgreSql");
        _cli.WithEnvironment("ClerkSync__Storage__ConnectionString", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=3");

        var result = await _cli.RunAsync("events", "list");

        result.ExpectUsageError("Could not open the PostgreSql storage");
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    private static async Task WaitForDoneAsync(string connectionString, int expected, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(timeout.Token);
        long done = 0;
        while (!timeout.IsCancellationRequested)
        {
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM clerk_sync_inbox WHERE status = 'done'", connection);
            done = (long)(await command.ExecuteScalarAsync(timeout.Token))!;
            if (done == expected)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }

        throw new TimeoutException($"{done} of {expected} deliveries done after 60 s");
    }

    private static async Task<List<string>> WebhookIdsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT webhook_id FROM clerk_sync_inbox", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <summary>An empty SQLite file in the runner's working directory (the commands create ClerkSync's schema in it).</summary>
    private string EmptySqliteFile(string name)
    {
        var path = _cli.PathOf(name);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
        }

        return path;
    }
}
