using System.CommandLine;
using System.Data.Common;
using ClerkSync.Cli.Diagnostics;
using ClerkSync.Cli.Storage;
using ClerkSync.DependencyInjection;
using ClerkSync.Storage;
using ClerkSync.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// <c>clerk-sync serve</c> (issue #3): the webhook receiver as a process. Kestrel on 127.0.0.1:5080, the storage of
/// <see cref="StorageOptions"/> (SQLite <c>clerk-sync.db</c> in the working directory unless configured); options from
/// appsettings.json, the environment and these flags (in rising precedence). Without a secret it generates a
/// development secret beside a SQLite database and says so.
/// </summary>
internal sealed class ServeCommand : Command
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    private readonly StorageOptions _storage;

    public ServeCommand()
        : base("serve", "Runs the webhook receiver (default http://127.0.0.1:5080, SQLite clerk-sync.db).")
    {
        Options.Add(Urls);
        _storage = new StorageOptions(this);
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
        var storage = _storage.Resolve(parseResult, builder.Configuration, builder.Environment.ContentRootPath);
        if (storage.Options is null)
        {
            await Console.Error.WriteLineAsync(storage.Error).ConfigureAwait(false);
            return ExitCode.UsageError;
        }

        var flags = new Dictionary<string, string?>
        {
            [StorageOptions.ProviderKey] = storage.Options.Provider,
            [StorageOptions.ConnectionStringKey] = storage.Options.ConnectionString,
        };

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
        var dataSource = storage.SqliteFile;

        // The development secret is for a local run: with no secret set at all, or, in Development only, a blank one. A
        // blank value elsewhere is a deployment whose secret did not arrive, which must not start on a generated secret.
        string? devSecret = null;
        var configured = ClerkSyncSecrets.Configured(builder.Configuration);
        if (configured is { Blank: true } blank && !builder.Environment.IsDevelopment())
        {
            await Console.Error.WriteLineAsync($"{blank.Source} is set but empty. Set it to the endpoint's Signing Secret (whsec_...), or unset it for a local run (serve then uses a development secret); a blank secret falls back to the development secret only when DOTNET_ENVIRONMENT or ASPNETCORE_ENVIRONMENT is Development.").ConfigureAwait(false);
            return ExitCode.UsageError;
        }

        if (configured is null or { Blank: true })
        {
            if (dataSource is null)
            {
                await Console.Error.WriteLineAsync($"No signing secret is configured. Set {SigningSecretVariables.SigningSecret} to the endpoint's Signing Secret (whsec_...).").ConfigureAwait(false);
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
            builder.Configuration.AddInMemoryCollection([new(StorageOptions.SynchronousKey, "NORMAL")]);
        }

        var clerkSync = builder.Services.AddClerkSync().AddCliStorage().AddDashboard();
        if (Environment.GetEnvironmentVariable(InvocationLogHandler.Variable) is { Length: > 0 } invocationLog)
        {
            builder.Services.AddSingleton(new InvocationLog(invocationLog));
            clerkSync.AddHandler<InvocationLogHandler>();
        }

        var traces = ServeTracing.Add(builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddClerkSyncInstrumentation().AddPrometheusExporter()), builder.Configuration);

        WebApplication app;
        try
        {
            app = builder.Build();
            var path = parseResult.GetValue(PathOption)!;
            app.MapClerkWebhooks(path);
            app.MapClerkSyncHealth();
            app.MapPrometheusScrapingEndpoint();

            // The database opens before the host starts, so that one it cannot use is one message and exit code 3 (ExitCode.StorageUnavailable).
            await app.Services.GetRequiredService<IClerkSyncStorage>().Inbox.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var dashboard = ServeDashboard.Map(app, urls);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            ServeBanner.Write(Console.Out, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [], path, dataSource, devSecret, dashboard, traces);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("Invalid configuration:\n  " + string.Join("\n  ", ex.Failures)).ConfigureAwait(false);
            return ExitCode.UsageError;
        }
        catch (StorageUnavailableException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCode.StorageUnavailable;
        }
        catch (DbException ex)
        {
            await Console.Error.WriteLineAsync($"Could not open the {storage.Options.Provider} database{(dataSource is null ? string.Empty : " " + dataSource)}: {ex.Message}").ConfigureAwait(false);
            return ExitCode.StorageUnavailable;
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
