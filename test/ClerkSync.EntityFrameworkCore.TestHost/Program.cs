using System.Globalization;
using ClerkSync.EntityFrameworkCore.TestHost;
using Microsoft.EntityFrameworkCore;

// serve --urls URL --db FILE [--provider PostgreSql --connection CS] [--workers N] [--synchronous FULL|NORMAL]
//       [--log-level LEVEL] [--handler-delay-ms N]: the flags of `clerk-sync serve` that the harness and load.sh pass.
var flags = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = args.Length > 0 && args[0] == "serve" ? 1 : 0; i + 1 < args.Length; i += 2)
{
    flags[args[i]] = args[i + 1];
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    ContentRootPath = Directory.GetCurrentDirectory(),
    Args = ["--hostBuilder:reloadConfigOnChange=false"],
});
builder.WebHost.UseUrls(flags.GetValueOrDefault("--urls", "http://127.0.0.1:5080"));
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("ClerkSync", Enum.Parse<LogLevel>(flags.GetValueOrDefault("--log-level", "Information")));

var postgres = flags.GetValueOrDefault("--provider") == "PostgreSql";
var database = postgres ? flags["--connection"] : Path.GetFullPath(flags.GetValueOrDefault("--db", "clerk-sync.db"));
builder.Services.AddDbContext<HostDb>(o => _ = postgres ? o.UseNpgsql(database) : o.UseSqlite("Data Source=" + database));
builder.Services.AddSingleton(new HandlerDelay(TimeSpan.FromMilliseconds(int.Parse(flags.GetValueOrDefault("--handler-delay-ms", "0"), CultureInfo.InvariantCulture))));
var clerkSync = builder.Services.AddClerkSync(o =>
{
    if (flags.TryGetValue("--workers", out var workers))
    {
        o.Workers = int.Parse(workers, CultureInfo.InvariantCulture);
    }

    o.Storage.Synchronous = flags.GetValueOrDefault("--synchronous", "FULL");
});
_ = postgres ? clerkSync.UsePostgreSql(database) : clerkSync.UseSqlite(database);
clerkSync.UseEntityFrameworkCore<HostDb>().AddHandler<RowPerDeliveryHandler>();

var app = builder.Build();
app.MapClerkWebhooks("/api/webhooks/clerk");
app.MapClerkSyncHealth("/healthz");
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<HostDb>().CreateTableAsync();
}

await app.RunAsync();
