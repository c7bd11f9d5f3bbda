using System.CommandLine;
using ClerkSync.AspNetCore;
using ClerkSync.Cli.Diagnostics;
using ClerkSync.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// <c>clerk-sync serve</c> (issue #3): the webhook receiver as a process. Kestrel on 127.0.0.1:5080, SQLite
/// <c>clerk-sync.db</c> in the working directory; options from appsettings.json, the environment and these flags (in
/// rising precedence). Without a secret it generates a development secret beside the database and says so.
/// </summary>
internal sealed class ServeCommand : Command
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const string DefaultDatabase = "clerk-sync.db";

    public ServeCommand()
        : base("serve", "Runs the webhook receiver (default http://127.0.0.1:5080, SQLite clerk-sync.db).")
    {
        Options.Add(Urls);
        Options.Add(Database);
        Options.Add(PathOption);
        Options.Add(Workers);
        Options.Add(Synchronous);
        Options.Add(LogLevelOption);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Option<string> Urls { get; } = new("--urls")
    {
        Description = "Where to listen (semicolon-separated); port 0 picks a free port.",
        DefaultValueFactory = _ => DefaultUrls,
    };

    public Option<string> Database { get; } = new("--db")
    {
        Description = "The SQLite database file (created if missing).",
        DefaultValueFactory = _ => DefaultDatabase,
    };

    public Option<string> PathOption { get; } = new("--path")
    {
        Description = "The webhook path.",
        DefaultValueFactory = _ => ClerkSyncEndpointRouteBuilderExtensions.DefaultPattern,
    };

    public Option<int?> Workers { get; } = new("--workers")
    {
        Description = "Worker loops processing the inbox (ClerkSync:Workers; 0 stores without processing).",
    };

    public Option<string?> Synchronous { get; } = new("--synchronous")
    {
        Description = "SQLite durability: FULL (default: a 2xx survives power loss) or NORMAL (a 2xx survives a process crash only).",
    };

    public Option<LogLevel> LogLevelOption { get; } = new("--log-level")
    {
        Description = "The minimum log level of ClerkSync's messages.",
        DefaultValueFactory = _ => LogLevel.Information,
    };

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        // No reload-on-change: it watches the content root (the working directory), which holds the database, so every
        // WAL write would wake a FileSystemWatcher (an lstat per event; measured at 1.6 per delivery under load).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        var flags = new Dictionary<string, string?>();
        var explicitDb = parseResult.GetResult(Database) is { Implicit: false };
        if (explicitDb || builder.Configuration["ClerkSync:Storage:ConnectionString"] is null)
        {
            flags["ClerkSync:Storage:Provider"] = "Sqlite";
            flags["ClerkSync:Storage:ConnectionString"] = parseResult.GetValue(Database);
        }

        if (parseResult.GetValue(Workers) is { } workers)
        {
            flags["ClerkSync:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var urls = parseResult.GetResult(Urls) is { Implicit: false } || builder.Configuration["urls"] is null
            ? parseResult.GetValue(Urls)!
            : builder.Configuration["urls"]!;
        if (ListenProbe.FirstInUse(urls) is { } taken)
        {
            await Console.Error.WriteLineAsync(ListenProbe.Message(taken)).ConfigureAwait(false);
            return ExitCode.PortInUse;
        }

        builder.Configuration.AddInMemoryCollection(flags);

        var storage = builder.Configuration.GetSection("ClerkSync:Storage");
        var isSqlite = string.Equals(storage["Provider"] ?? "Sqlite", "Sqlite", StringComparison.OrdinalIgnoreCase);
        var dataSource = isSqlite ? SqliteDataSource(storage["ConnectionString"] ?? DefaultDatabase) : null;

        string? devSecret = null;
        if (!ClerkSyncSecrets.AnyConfigured(builder.Configuration))
        {
            if (dataSource is null)
            {
                await Console.Error.WriteLineAsync("No signing secret is configured. Set CLERK_WEBHOOK_SIGNING_SECRET to the endpoint's Signing Secret (whsec_...).").ConfigureAwait(false);
                return ExitCode.UsageError;
            }

            devSecret = LoadOrCreateDevSecret(dataSource + ".dev-secret");
            builder.Configuration.AddInMemoryCollection([new("ClerkSync:Secrets:0", devSecret)]);
        }

        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("ClerkSync", parseResult.GetValue(LogLevelOption));
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        var synchronous = parseResult.GetValue(Synchronous);
        if (synchronous is not null && !synchronous.Equals("FULL", StringComparison.OrdinalIgnoreCase) && !synchronous.Equals("NORMAL", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync("--synchronous must be FULL or NORMAL.").ConfigureAwait(false);
            return ExitCode.UsageError;
        }

        if (string.Equals(synchronous, "NORMAL", StringComparison.OrdinalIgnoreCase))
        {
            builder.Configuration.AddInMemoryCollection([new("ClerkSync:Storage:Synchronous", "NORMAL")]);
        }

        var clerkSync = builder.Services.AddClerkSync();
        if (Environment.GetEnvironmentVariable(InvocationLogHandler.Variable) is { Length: > 0 } invocationLog)
        {
            builder.Services.AddSingleton(new InvocationLog(invocationLog));
            clerkSync.AddHandler<InvocationLogHandler>();
        }

        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddClerkSyncInstrumentation().AddPrometheusExporter());

        WebApplication app;
        try
        {
            app = builder.Build();
            var path = parseResult.GetValue(PathOption)!;
            app.MapClerkWebhooks(path);
            app.MapClerkSyncHealth();
            app.MapPrometheusScrapingEndpoint();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            ServeBanner.Write(Console.Out, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [], path, dataSource, devSecret);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("Invalid configuration:\n  " + string.Join("\n  ", ex.Failures)).ConfigureAwait(false);
            return ExitCode.UsageError;
        }
        catch (IOException) when (ListenProbe.FirstInUse(urls) is { } takenMeanwhile)
        {
            await Console.Error.WriteLineAsync(ListenProbe.Message(takenMeanwhile)).ConfigureAwait(false);
            return ExitCode.PortInUse;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"Could not listen on {urls}: {ex.Message}").ConfigureAwait(false);
            return ExitCode.UsageError;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }

        return ExitCode.Success;
    }

    internal static string SqliteDataSource(string pathOrConnectionString)
    {
        var source = pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(pathOrConnectionString).DataSource
            : pathOrConnectionString;
        return Path.GetFullPath(source);
    }

    private static string LoadOrCreateDevSecret(string path)
    {
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = WebhookSecret.Generate();
        File.WriteAllText(path, secret + Environment.NewLine);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}
