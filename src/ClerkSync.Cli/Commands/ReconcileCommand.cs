using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ClerkSync.AspNetCore;
using ClerkSync.BackendApi;
using ClerkSync.DependencyInjection;
using ClerkSync.Reconciliation;
using ClerkSync.Storage;
using ClerkSync.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// <c>clerk-sync reconcile</c> (issue #16): reconciles the mirror with the Clerk Backend API, also while <c>serve</c>
/// runs on the same database (short transactions, one page each). Storage comes from the same configuration as serve:
/// <c>--db</c>, the <c>ClerkSync</c> section of appsettings.json in the working directory, the environment.
/// </summary>
internal sealed class ReconcileCommand : Command
{
    public const string DefaultApiUrl = "https://api.clerk.com/v1";

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    private readonly CliContext _context;

    public ReconcileCommand(CliContext? context = null)
        : base("reconcile", "Reconciles the mirror with the Clerk Backend API: fills in what webhooks missed, tombstones what Clerk deleted.")
    {
        _context = context ?? CliContext.Default;
        Options.Add(ApiUrl);
        Options.Add(SecretKey);
        Options.Add(Database);
        Options.Add(Only);
        Options.Add(DryRun);
        Options.Add(Json);
        Options.Add(Rate);
        Options.Add(LogLevelOption);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Option<string> ApiUrl { get; } = new("--api-url")
    {
        Description = "The Clerk Backend API.",
        DefaultValueFactory = _ => DefaultApiUrl,
    };

    public Option<string?> SecretKey { get; } = new("--secret-key")
    {
        Description = $"The instance's secret key (sk_test_... or sk_live_...); default ${ClerkBackendApiOptions.SecretKeyVariable}.",
        HelpName = "sk_...",
    };

    public Option<string> Database { get; } = new("--db")
    {
        Description = "The SQLite database file, as for serve (default: the configured storage, else clerk-sync.db).",
        DefaultValueFactory = _ => ClerkSyncSqliteBuilderExtensions.DefaultDatabase,
    };

    public Option<string[]> Only { get; } = new("--only")
    {
        Description = $"Only these resources, comma-separated: {ReconcileResource.Names}.",
        HelpName = "users,organizations,...",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Reports the drift and writes nothing.",
    };

    public Option<bool> Json { get; } = CliOptions.Json();

    public Option<int> Rate { get; } = new("--rate")
    {
        Description = $"Requests per 10 seconds for the key: {ClerkBackendApiOptions.DevelopmentRequestsPerWindow} for a development instance, {ClerkBackendApiOptions.ProductionRequestsPerWindow} for production.",
        DefaultValueFactory = _ => ClerkBackendApiOptions.DevelopmentRequestsPerWindow,
    };

    public Option<LogLevel> LogLevelOption { get; } = new("--log-level")
    {
        Description = "The minimum level of ClerkSync's log messages on stderr (the summary says what failed).",
        DefaultValueFactory = _ => LogLevel.None,
    };

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        if (!Uri.TryCreate(parseResult.GetValue(ApiUrl), UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"--api-url must be an absolute http(s) URL, such as {DefaultApiUrl}.").ConfigureAwait(false);
            return ExitCode.UsageError;
        }

        var key = parseResult.GetValue(SecretKey) ?? _context.GetEnvironmentVariable(ClerkBackendApiOptions.SecretKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            await error.WriteLineAsync($"No Clerk secret key: set {ClerkBackendApiOptions.SecretKeyVariable} or pass --secret-key (Clerk dashboard, API keys: sk_test_... or sk_live_...).").ConfigureAwait(false);
            return ExitCode.UsageError;
        }

        var resources = new List<ClerkApiResource>();
        foreach (var name in (parseResult.GetValue(Only) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (ReconcileResource.Find(name) is not { } resource)
            {
                await error.WriteLineAsync($"--only: '{name}' is not a reconciled resource. Use {ReconcileResource.Names}.").ConfigureAwait(false);
                return ExitCode.UsageError;
            }

            resources.Add(resource.Resource);
        }

        var rate = parseResult.GetValue(Rate);
        if (rate is < 1 or > 100_000)
        {
            await error.WriteLineAsync("--rate must be a number of requests per 10 seconds from 1 to 100000.").ConfigureAwait(false);
            return ExitCode.UsageError;
        }

        // Flags win over ClerkSync:BackendApi in configuration, which wins over the defaults.
        var explicitUrl = parseResult.GetResult(ApiUrl) is { Implicit: false };
        var explicitRate = parseResult.GetResult(Rate) is { Implicit: false };
        var dryRun = parseResult.GetValue(DryRun);
        var host = BuildHost(parseResult, o =>
        {
            o.SecretKey = key;
            if (explicitUrl)
            {
                o.BaseUrl = apiUrl;
            }

            if (explicitRate)
            {
                o.RequestsPerWindow = rate;
            }
        });
        ReconcileResult result;
        try
        {
            var storage = host.Services.GetRequiredService<IClerkSyncStorage>();
            await storage.Inbox.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var reconciler = host.Services.GetRequiredService<IClerkReconciler>();
            result = await reconciler.ReconcileAsync(
                new ReconcileRequest { Resources = resources, DryRun = dryRun },
                new ProgressPrinter(error, _context.Time),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ClerkBackendApiException ex) when (ex.IsAuthenticationFailure)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCode.UsageError;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("Invalid configuration:\n  " + string.Join("\n  ", ex.Failures)).ConfigureAwait(false);
            return ExitCode.UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted. Run the same command again to continue from the checkpoint.").ConfigureAwait(false);
            return ExitCode.Failed;
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync().ConfigureAwait(false);
        }

        if (result.Outcome == ReconcileOutcome.Busy)
        {
            await error.WriteLineAsync("Another process is reconciling this database (it holds the reconcile lock); try again when it has finished.").ConfigureAwait(false);
            return ExitCode.Failed;
        }

        await WriteResultAsync(parseResult, result).ConfigureAwait(false);
        return result.Outcome == ReconcileOutcome.Completed ? ExitCode.Success : ExitCode.Failed;
    }

    // Storage the way serve opens it: AddClerkSync() over the same configuration (appsettings.json in the working
    // directory, the environment, --db), the provider's IClerkSyncStorage taken from the container. The host is never
    // started, so no worker runs here.
    private IHost BuildHost(ParseResult parseResult, Action<ClerkBackendApiOptions> api)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = _context.WorkingDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        var flags = new Dictionary<string, string?>();
        if (parseResult.GetResult(Database) is { Implicit: false } || builder.Configuration["ClerkSync:Storage:ConnectionString"] is null)
        {
            flags["ClerkSync:Storage:Provider"] = "Sqlite";
            flags["ClerkSync:Storage:ConnectionString"] = _context.ResolvePath(parseResult.GetValue(Database)!);
        }

        // Reconcile verifies no webhook, but ClerkSync's options require a signing secret: any valid one does.
        if (ClerkSyncSecrets.Configured(builder.Configuration) is null or { Blank: true })
        {
            flags["ClerkSync:Secrets:0"] = WebhookSecret.Generate();
        }

        builder.Configuration.AddInMemoryCollection(flags);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.None);
        builder.Logging.AddFilter("ClerkSync", parseResult.GetValue(LogLevelOption));
        builder.Services.AddClerkSync().AddReconciliation();
        builder.Services.AddClerkBackendApi(api);
        return builder.Build();
    }

    private async Task WriteResultAsync(ParseResult parseResult, ReconcileResult result)
    {
        var output = parseResult.InvocationConfiguration.Output;
        if (parseResult.GetValue(Json))
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = CliJson.Indented.Encoder }))
            {
                ReconcileResultJson.Write(json, result);
            }

            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            return;
        }

        var text = new StringBuilder();
        text.AppendLine(result.DryRun ? "Dry run: nothing was written; the counts say what a run would do." : string.Empty);
        text.AppendLine(CultureInfo.InvariantCulture, $"{"table",-32} {"status",-12} {"listed",9} {"inserted",9} {"updated",9} {"unchanged",9} {"deleted",8} {"absent-live",11} {"failed",7}");
        foreach (var t in result.Tables)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{t.Table,-32} {Status(t.Status),-12} {t.Listed,9} {t.Inserted,9} {t.Updated,9} {t.Unchanged,9} {t.Deleted,8} {t.AbsentButConfirmedLive,11} {t.Failed,7}");
            if (t.AbsentUnconfirmed > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {t.AbsentUnconfirmed} rows absent from the listing kept: Clerk's API cannot read them one by one to confirm.");
            }

            if (t.Error is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  stopped: {t.Error} (the next run continues from the checkpoint)");
            }
        }

        await output.WriteAsync(text.ToString().TrimStart('\n', '\r')).ConfigureAwait(false);
    }

    private static string Status(ReconcileTableStatus status) => status switch
    {
        ReconcileTableStatus.InProgress => "in-progress",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Progress on stderr, at most once a second and at each new table or phase: pages, rate, ETA.</summary>
    private sealed class ProgressPrinter(TextWriter error, TimeProvider time) : IProgress<ReconcileProgress>
    {
        private string? _current;
        private DateTimeOffset _began;
        private long _listedAtBegin;
        private DateTimeOffset _lastPrinted;

        public void Report(ReconcileProgress value)
        {
            var now = time.GetUtcNow();
            var key = value.Table + "/" + value.Phase;
            if (key != _current)
            {
                (_current, _began, _listedAtBegin, _lastPrinted) = (key, now, value.Listed, DateTimeOffset.MinValue);
            }

            if (now - _lastPrinted < ProgressEvery)
            {
                return;
            }

            _lastPrinted = now;
            var elapsed = (now - _began).TotalSeconds;
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{value.Table}: ");
            if (value.Phase == "confirming")
            {
                line.Append(CultureInfo.InvariantCulture, $"confirming absent rows, {value.Confirmed} read");
            }
            else
            {
                line.Append(CultureInfo.InvariantCulture, $"page {value.Pages}, {value.Listed:N0}");
                if (value.Total is { } total)
                {
                    line.Append(CultureInfo.InvariantCulture, $" of ~{Math.Max(total, value.Listed):N0}");
                }

                var rate = elapsed > 0.5 ? (value.Listed - _listedAtBegin) / elapsed : 0;
                if (rate > 0)
                {
                    line.Append(CultureInfo.InvariantCulture, $", {rate:N0}/s");
                    if (value.Total is { } t && t > value.Listed)
                    {
                        line.Append(CultureInfo.InvariantCulture, $", ETA {TimeSpan.FromSeconds(Math.Ceiling((t - value.Listed) / rate)):c}");
                    }
                }
            }

            error.WriteLine(line.ToString());
        }
    }
}
