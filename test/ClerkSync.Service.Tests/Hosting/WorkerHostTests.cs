using System.Text;
using ClerkSync.Inbox;
using ClerkSync.Service.Tests.Support;
using ClerkSync.Storage;
using ClerkSync.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.Service.Tests.Hosting;

/// <summary>
/// Issue #14, item 1: the composition lives in the runtime. A plain worker host (no ASP.NET Core) runs the workers;
/// a storage package registers everything it needs; configuration alone can select a registered storage; and a host
/// without storage fails at start-up with one message that says what to call.
/// </summary>
public sealed class WorkerHostTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create();

    [Fact]
    public async Task AddClerkSync_PlainWorkerHostWithUseSqlite_ProcessesAndMirrorsAStoredDelivery()
    {
        var builder = WorkerHost(o => o.PollInterval = TimeSpan.FromMilliseconds(50));
        var database = Path.Combine(_directory, "worker.db");
        builder.Services.AddClerkSync(o => o.Secrets.Add(ServiceHost.Secret)).UseSqlite(database).AddHandler<RecordingHandler>();
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var storage = host.Services.GetRequiredService<IClerkSyncStorage>();
        Assert.Equal(ClerkSyncStorageOptions.Sqlite, storage.Provider);
        Assert.Equal(InboxAddResult.Stored, await storage.Inbox.AddAsync(Delivery("msg_worker_1", "user_worker")));
        var row = await WaitForDoneAsync(storage.Inbox, "msg_worker_1");

        Assert.Equal(1, host.Services.GetRequiredService<Recorder>().Counts["msg_worker_1"]);
        Assert.Equal(1, row.Attempts);
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=false"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new SqliteCommand("SELECT last_webhook_id FROM clerk_users WHERE id = 'user_worker'", connection);
            Assert.Equal("msg_worker_1", await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AddClerkSync_NoStorageRegistered_StartFailsWithOneMessageNamingUseSqliteAndUsePostgreSql()
    {
        var builder = WorkerHost();
        builder.Services.AddClerkSync(o => o.Secrets.Add(ServiceHost.Secret));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        var failure = Assert.Single(ex.Failures);
        Assert.Contains("No ClerkSync storage is registered", failure, StringComparison.Ordinal);
        Assert.Contains("UseSqlite", failure, StringComparison.Ordinal);
        Assert.Contains("UsePostgreSql", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddClerkSync_ConfiguredProviderNotRegistered_StartFailsNamingTheRegisteredOnes()
    {
        var builder = WorkerHost();
        builder.Configuration["ClerkSync:Storage:Provider"] = "PostgreSql";
        builder.Services.AddClerkSync(o => o.Secrets.Add(ServiceHost.Secret)).AddSqliteStorage();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        var failure = Assert.Single(ex.Failures);
        Assert.Contains("ClerkSync:Storage:Provider is 'PostgreSql'", failure, StringComparison.Ordinal);
        Assert.Contains("registered: Sqlite", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddClerkSync_ConfigurationAloneSelectsPostgreSql_AndItsListenerWakesTheWorkers()
    {
        // Both storages registered, neither selected in code: configuration picks PostgreSQL (names are
        // case-insensitive). The poll interval is 10 minutes, so only the LISTEN/NOTIFY listener that
        // AddPostgreSqlStorage registers can get the row processed within the bound below.
        var connectionString = await PostgresServer.CreateDatabaseAsync(nameof(WorkerHostTests));
        var builder = WorkerHost(o => o.PollInterval = TimeSpan.FromMinutes(10));
        builder.Configuration["ClerkSync:Storage:Provider"] = "postgresql";
        builder.Configuration["ClerkSync:Storage:ConnectionString"] = connectionString;
        builder.Services.AddClerkSync(o => o.Secrets.Add(ServiceHost.Secret)).AddSqliteStorage().AddPostgreSqlStorage().AddHandler<RecordingHandler>();
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var storage = host.Services.GetRequiredService<IClerkSyncStorage>();
        Assert.Equal(ClerkSyncStorageOptions.PostgreSql, storage.Provider);

        // Let the loops go idle (first claim, then the listener's own start-up wake-up) before storing.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await storage.Inbox.AddAsync(Delivery("msg_listen_1", "user_listen"));
        var row = await WaitForDoneAsync(storage.Inbox, "msg_listen_1");
        Assert.Equal(InboxStatus.Done, row.Status);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static HostApplicationBuilder WorkerHost(Action<ClerkSyncOptions>? options = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Recorder>();
        if (options is not null)
        {
            builder.Services.Configure(options);
        }

        return builder;
    }

    private static InboxDelivery Delivery(string webhookId, string userId)
    {
        var body = Encoding.UTF8.GetBytes(Payloads.UserCreated(userId));
        return new InboxDelivery
        {
            WebhookId = webhookId,
            EventType = "user.created",
            EventTimestamp = 1716883200000,
            EntityKey = "user:" + userId,
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            Body = body,
            SignatureTimestamp = "1716883200",
            Signature = "v1,unused",
        };
    }

    private static async Task<InboxMessage> WaitForDoneAsync(IInboxStore inbox, string webhookId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        InboxMessage? row = null;
        while (!timeout.IsCancellationRequested)
        {
            row = await inbox.GetAsync(webhookId);
            if (row?.Status == InboxStatus.Done)
            {
                return row;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"{webhookId} not done within 30 s; last seen {row?.Status} after {row?.Attempts} attempts");
    }
}
