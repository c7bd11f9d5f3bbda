using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClerkSync.Cli.Secrets;
using ClerkSync.Cli.Sending;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// <c>clerk-sync send</c>: signs and POSTs example Clerk events (or a body of your own) to a receiver, like the Clerk
/// dashboard's "Send Example", optionally retrying like Svix. Exit 0 when every message was acknowledged or aborted by the
/// receiver, 1 when any finally failed, 2 on a usage error.
/// </summary>
internal sealed class SendCommand : Command
{
    public const string DefaultUrl = "http://127.0.0.1:5080/api/webhooks/clerk";

    private readonly CliContext _context;

    public SendCommand(CliContext? context = null)
        : base("send", "Signs and sends example Clerk events (one per catalog type with --all) to a webhook endpoint, by default the local `clerk-sync serve`: no tunnel needed. --svix retries like Svix.")
    {
        _context = context ?? CliContext.Default;
        foreach (var option in (Option[])[TypeOption, AllOption, FileOption, ListOption, CountOption, ConcurrencyOption, DuplicateRateOption, ShuffleOption, SeedOption, IdPoolOption, UrlOption, SecretOption, DatabaseOption, SvixOption, SvixScaleOption, TimeoutOption, AckLogOption, NoProgressOption, JsonOption])
        {
            Add(option);
        }

        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Option<string[]> TypeOption { get; } = new("--type", "-t")
    {
        Description = "An event type to send (repeatable), for example user.created. See --list.",
        HelpName = "event.type",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<bool> AllOption { get; } = new("--all") { Description = "Send every type in the catalog (with --count, cycles through them)." };

    public Option<string[]> FileOption { get; } = new("--file", "-f")
    {
        Description = "Send this file's bytes as the body, exactly as they are (repeatable). Each delivery still gets a fresh svix id.",
        HelpName = "body.json",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<bool> ListOption { get; } = new("--list") { Description = "List the event types with an example and exit." };

    public Option<int?> CountOption { get; } = new("--count", "-n")
    {
        Description = "Messages to send (default: one per selected type or file). Each is a distinct event: a fresh msg_ id, event time and object ids.",
        HelpName = "N",
    };

    public Option<int> ConcurrencyOption { get; } = new("--concurrency", "-c")
    {
        Description = "Requests in flight at once (and connections). Default 1.",
        HelpName = "C",
        DefaultValueFactory = _ => 1,
    };

    public Option<double> DuplicateRateOption { get; } = new("--duplicate-rate")
    {
        Description = "Share of messages delivered a second time with the same svix id, as Svix may (0 to 1). Default 0.",
        HelpName = "0..1",
    };

    public Option<bool> ShuffleOption { get; } = new("--shuffle") { Description = "Deliver in random order rather than in event-time order." };

    public Option<int?> SeedOption { get; } = new("--seed") { Description = "Seed for ids, order and duplicates, to repeat a run exactly.", HelpName = "n" };

    public Option<int> IdPoolOption { get; } = new("--id-pool")
    {
        Description = "Draw object ids from N entities so that events update the same users and organizations (default 0: every event its own ids).",
        HelpName = "N",
    };

    public Option<string> UrlOption { get; } = new("--url", "-u")
    {
        Description = $"The webhook endpoint. Default {DefaultUrl} (clerk-sync serve).",
        HelpName = "url",
        DefaultValueFactory = _ => DefaultUrl,
    };

    public Option<string?> SecretOption { get; } = new("--secret")
    {
        Description = $"The signing secret (whsec_...). Default: {SigningSecretVariables.SigningSecret}, {SigningSecretVariables.Secret}, then the local serve's development secret (<db>{SigningSecrets.DevSecretSuffix}).",
        HelpName = "whsec_...",
    };

    public Option<string?> DatabaseOption { get; } = CliOptions.Database();

    public Option<bool> SvixOption { get; } = new("--svix")
    {
        Description = "Behave like Svix: retry non-2xx answers, timeouts and connection errors immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts), each signed with a fresh timestamp and the same svix id; honour Retry-After; stop a message on 'webhook-delivery: abort-message'.",
    };

    public Option<double> SvixScaleOption { get; } = new("--svix-scale")
    {
        Description = "Compress Svix's delays and Retry-After by this factor: 0.001 turns 5 s into 5 ms. Default 1.",
        HelpName = "factor",
        DefaultValueFactory = _ => 1,
    };

    public Option<double?> TimeoutOption { get; } = new("--timeout")
    {
        Description = "Seconds an attempt may take before it counts as failed (not scaled by --svix-scale). Default 15, as Svix.",
        HelpName = "seconds",
    };

    public Option<string?> AckLogOption { get; } = new("--ack-log")
    {
        Description = "Append the svix id of every acknowledged (2xx) attempt to this file, one per line.",
        HelpName = "file",
    };

    public Option<bool> NoProgressOption { get; } = new("--no-progress") { Description = "No progress line on stderr." };

    public Option<bool> JsonOption { get; } = new("--json") { Description = "Write the summary as JSON on stdout, for scripts." };

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (parseResult.GetValue(ListOption))
        {
            foreach (var type in SampleCatalog.Types)
            {
                await output.WriteLineAsync(type).ConfigureAwait(false);
            }

            return ExitCode.Success;
        }

        IReadOnlyList<DeliveryTemplate> templates;
        ResolvedSecret secret;
        Uri url;
        try
        {
            Validate(parseResult);
            templates = await SelectTemplatesAsync(parseResult, cancellationToken).ConfigureAwait(false);
            url = ParseUrl(parseResult.GetValue(UrlOption)!);
            var explicitSecret = parseResult.GetValue(SecretOption);
            secret = SigningSecrets.ResolveOne(explicitSecret is null ? null : [explicitSecret], parseResult.GetValue(DatabaseOption), _context);
        }
        catch (Exception e) when (e is UsageException or SecretConfigurationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCode.UsageError;
        }

        var svix = parseResult.GetValue(SvixOption);
        var scale = parseResult.GetValue(SvixScaleOption);
        // The timeout is not scaled: a compressed schedule must not turn a slow answer on a busy machine into a retry.
        var timeout = parseResult.GetValue(TimeoutOption) is { } seconds ? TimeSpan.FromSeconds(seconds) : SvixSchedule.Timeout;
        var count = parseResult.GetValue(CountOption) ?? templates.Count;
        var plan = new DeliveryPlan(new DeliveryPlanOptions
        {
            Templates = templates,
            Count = count,
            StartTimeMs = _context.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            Seed = parseResult.GetValue(SeedOption) ?? Random.Shared.Next(),
            Shuffle = parseResult.GetValue(ShuffleOption),
            DuplicateRate = parseResult.GetValue(DuplicateRateOption),
            IdPool = parseResult.GetValue(IdPoolOption),
        });

        await error.WriteLineAsync($"sending {count} message(s) to {url} signed with {secret.Describe()}{(svix ? $", Svix retries (scale {scale.ToString(CultureInfo.InvariantCulture)})" : string.Empty)}").ConfigureAwait(false);

        var ackLogPath = parseResult.GetValue(AckLogOption);
        var ackLog = ackLogPath is null ? null : new StreamWriter(_context.ResolvePath(ackLogPath), append: true);
        var ackLock = new Lock();
        await using (ackLog)
        {
            using var sender = new WebhookSender(
                new SenderOptions { Url = url, Secret = secret.Secret, Concurrency = parseResult.GetValue(ConcurrencyOption), Svix = svix, SvixScale = scale, Timeout = timeout },
                _context.Time)
            {
                Acknowledged = ackLog is null ? null : id =>
                {
                    lock (ackLock)
                    {
                        ackLog.WriteLine(id);
                    }
                },
            };

            using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var progress = parseResult.GetValue(NoProgressOption)
                ? Task.CompletedTask
                : ReportProgressAsync(sender.Statistics, count, error, progressStop.Token);
            var interrupted = false;
            try
            {
                await sender.RunAsync(plan.Enumerate(), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }
            finally
            {
                await progressStop.CancelAsync().ConfigureAwait(false);
                await progress.ConfigureAwait(false);
            }

            var summary = sender.Statistics.Snapshot();
            if (parseResult.GetValue(JsonOption))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(ToJson(summary, interrupted), CliJson.Indented)).ConfigureAwait(false);
            }
            else
            {
                await WriteSummaryAsync(output, summary, interrupted).ConfigureAwait(false);
            }

            await WriteHintsAsync(error, summary, url, secret).ConfigureAwait(false);
            return summary.Failed > 0 || interrupted || summary.NothingAnswered ? ExitCode.Failed : ExitCode.Success;
        }
    }

    private void Validate(ParseResult parseResult)
    {
        string? problem = null;
        if (parseResult.GetValue(CountOption) is < 1)
        {
            problem = "--count must be at least 1.";
        }
        else if (parseResult.GetValue(ConcurrencyOption) is < 1 or > 4096)
        {
            problem = "--concurrency must be between 1 and 4096.";
        }
        else if (parseResult.GetValue(DuplicateRateOption) is < 0 or > 1)
        {
            problem = "--duplicate-rate is a share between 0 and 1 (0.1 re-sends one message in ten).";
        }
        else if (parseResult.GetValue(SvixScaleOption) is <= 0 or > 1000)
        {
            problem = "--svix-scale must be above 0 (0.001 turns Svix's 5 s into 5 ms; 1 is real time).";
        }
        else if (parseResult.GetValue(TimeoutOption) is <= 0)
        {
            problem = "--timeout must be above 0 seconds.";
        }
        else if (parseResult.GetValue(IdPoolOption) < 0)
        {
            problem = "--id-pool must be 0 (fresh ids for every event) or more.";
        }

        if (problem is not null)
        {
            throw new UsageException(problem);
        }
    }

    private async Task<IReadOnlyList<DeliveryTemplate>> SelectTemplatesAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var templates = new List<DeliveryTemplate>();
        foreach (var file in parseResult.GetValue(FileOption) ?? [])
        {
            var path = _context.ResolvePath(file);
            if (!File.Exists(path))
            {
                throw new UsageException($"--file: file not found: {path}");
            }

            var body = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            templates.Add(DeliveryTemplate.Verbatim(TypeOf(body) ?? Path.GetFileName(path), body));
        }

        var types = parseResult.GetValue(AllOption) ? SampleCatalog.Types : parseResult.GetValue(TypeOption) ?? [];
        foreach (var type in types)
        {
            var samples = SampleCatalog.OfType(type);
            if (samples.Count == 0)
            {
                var near = SampleCatalog.Types.Where(t => t.StartsWith(type.Split('.')[0], StringComparison.OrdinalIgnoreCase)).ToList();
                throw new UsageException($"No example for event type '{type}'. {(near.Count > 0 ? $"Did you mean {string.Join(", ", near)}? " : string.Empty)}`clerk-sync send --list` shows the {SampleCatalog.Types.Count} types; --file sends a body of your own.");
            }

            templates.AddRange(samples.Select(s => DeliveryTemplate.FromSample(s.Type, s.Json)));
        }

        return templates.Count > 0
            ? templates
            : throw new UsageException("Nothing to send: choose --type user.created (repeatable), --all, or --file body.json. `clerk-sync send --list` shows the types.");
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new UsageException($"--url must be an absolute http or https URL, such as {DefaultUrl}.");

    private static string? TypeOf(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task ReportProgressAsync(SendStatistics statistics, int count, TextWriter error, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var s = statistics.Snapshot();
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"[{s.Elapsed.TotalSeconds,5:0}s] {s.Messages - s.Duplicates:N0}/{count:N0} messages, {s.Requests:N0} requests, {s.Acknowledged:N0} 2xx, {s.WaitingToRetry:N0} waiting to retry, {s.Failed:N0} failed, {s.RequestsPerSecond:N0} req/s")).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    private static async Task WriteSummaryAsync(TextWriter output, SendSnapshot s, bool interrupted)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{(interrupted ? "interrupted: " : string.Empty)}sent {s.Messages:N0} messages ({s.Duplicates:N0} duplicates) in {s.Elapsed.TotalSeconds:0.00} s"),
            string.Create(CultureInfo.InvariantCulture, $"  requests {s.Requests:N0}, 2xx {s.Acknowledged:N0}, retried {s.Retries:N0}, failed {s.Failed:N0}, aborted {s.Aborted:N0}, no response {s.NoResponse:N0}"),
            // Latency is over answered attempts: with none, there is no figure to give (not 0 ms).
            s.NothingAnswered
                ? string.Create(CultureInfo.InvariantCulture, $"  nothing was delivered: none of the {s.Requests:N0} attempts got a response")
                : string.Create(CultureInfo.InvariantCulture, $"  {s.RequestsPerSecond:N0} requests/s, latency p50 {Ms(s.P50)} ms, p90 {Ms(s.P90)} ms, p99 {Ms(s.P99)} ms, max {Ms(s.Max)} ms"),
        };
        if (s.StatusCodes.Count > 0)
        {
            lines.Add("  status codes: " + string.Join(", ", s.StatusCodes.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} x{kv.Value:N0}"))));
        }

        if (s.Failures.Count > 0)
        {
            lines.Add("  final failures: " + string.Join(", ", s.Failures.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} x{kv.Value:N0}"))));
        }

        foreach (var line in lines)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static async Task WriteHintsAsync(TextWriter error, SendSnapshot s, Uri url, ResolvedSecret secret)
    {
        if (s.Failures.Keys.Any(k => k.StartsWith("cannot connect", StringComparison.Ordinal)))
        {
            await error.WriteLineAsync(url.ToString().StartsWith(DefaultUrl, StringComparison.Ordinal)
                ? "hint: nothing answers at the default URL: start the receiver with `clerk-sync serve` in another terminal."
                : $"hint: nothing answers at {url.GetLeftPart(UriPartial.Authority)}: is the receiver running?").ConfigureAwait(false);
        }

        if (s.Failures.Keys.Any(k => k.Contains("signature", StringComparison.Ordinal)))
        {
            await error.WriteLineAsync($"hint: the receiver rejects the signature: it verifies with another secret than {secret.Describe()}. Compare fingerprints with `clerk-sync secret check` on both sides.").ConfigureAwait(false);
        }
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> ToJson(SendSnapshot s, bool interrupted) => new()
    {
        ["interrupted"] = interrupted,
        ["messages"] = s.Messages,
        ["duplicates"] = s.Duplicates,
        ["requests"] = s.Requests,
        ["acknowledged"] = s.Acknowledged,
        ["retried"] = s.Retries,
        ["failed"] = s.Failed,
        ["aborted"] = s.Aborted,
        ["no_response"] = s.NoResponse,
        ["elapsed_seconds"] = Math.Round(s.Elapsed.TotalSeconds, 3),
        ["requests_per_second"] = Math.Round(s.RequestsPerSecond, 1),
        ["latency_ms"] = new Dictionary<string, double>
        {
            ["p50"] = Math.Round(s.P50.TotalMilliseconds, 3),
            ["p90"] = Math.Round(s.P90.TotalMilliseconds, 3),
            ["p99"] = Math.Round(s.P99.TotalMilliseconds, 3),
            ["max"] = Math.Round(s.Max.TotalMilliseconds, 3),
        },
        ["status_codes"] = s.StatusCodes.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
        ["failures"] = s.Failures,
    };

    private sealed class UsageException(string message) : Exception(message);
}
