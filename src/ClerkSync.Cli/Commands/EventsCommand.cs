using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClerkSync.Cli.Storage;
using ClerkSync.Inbox;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// <c>clerk-sync events list | show | replay | dead | purge</c> (issue #3): reads, replays and purges the inbox of the
/// storage <c>serve</c> uses (SQLite or PostgreSQL, <see cref="StorageOptions"/>), also while <c>serve</c> runs on it
/// (a replay is picked up within the poll interval).
/// </summary>
internal sealed class EventsCommand : Command
{
    public EventsCommand(CliContext? context = null)
        : base("events", "Lists, shows, replays and purges stored deliveries.")
    {
        context ??= CliContext.Default;
        Subcommands.Add(new ListCommand("list", "Lists deliveries, newest first.", deadOnly: false, context));
        Subcommands.Add(new ListCommand("dead", "Lists dead deliveries (out of attempts), newest first.", deadOnly: true, context));
        Subcommands.Add(new ShowCommand(context));
        Subcommands.Add(new ReplayCommand(context));
        Subcommands.Add(new PurgeCommand(context));
    }

    internal static Option<bool> JsonOption() => new("--json") { Description = "Writes JSON for scripts." };

    internal static Option<string?> SinceOption() => new("--since")
    {
        Description = "Only deliveries received since a time: ISO 8601 (2026-01-31T12:00Z) or an age (30m, 2h, 7d).",
    };

    internal static Option<string?> TypeOption() => new("--type") { Description = "Only this event type (user.created)." };

    internal static Utf8JsonWriter CreateJsonWriter() =>
        new(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string Short(string? text, int max) =>
        text is null ? string.Empty : (text.Length <= max ? text : text[..(max - 1)] + "…").ReplaceLineEndings(" ");

    /// <summary>A subcommand over the inbox: the storage options and opening it.</summary>
    private abstract class InboxSubcommand : Command
    {
        private readonly StorageOptions _storage;
        private readonly CliContext _context;

        protected InboxSubcommand(string name, string description, CliContext context)
            : base(name, description)
        {
            _context = context;
            _storage = new StorageOptions(this);
        }

        /// <summary>Parses a time option (--since), opens the storage and runs <paramref name="body"/>; usage errors become exit code 2.</summary>
        protected async Task<int> WithStoreAsync(ParseResult parseResult, string? sinceText, Func<IInboxStore, DateTimeOffset?, Task<int>> body, CancellationToken cancellationToken, string timeOption = "--since")
        {
            if (!InboxTimeText.TryParse(sinceText, _context.Time, out var since))
            {
                await Console.Error.WriteLineAsync($"{timeOption} must be {InboxTimeText.Expected}.").ConfigureAwait(false);
                return ExitCode.UsageError;
            }

            var storage = await _storage.OpenAsync(parseResult, _context, cancellationToken).ConfigureAwait(false);
            if (storage is null)
            {
                return ExitCode.UsageError;
            }

            await using (storage.ConfigureAwait(false))
            {
                return await body(storage.Inbox, since).ConfigureAwait(false);
            }
        }
    }

    private sealed class ListCommand : InboxSubcommand
    {
        private readonly bool _deadOnly;

        public ListCommand(string name, string description, bool deadOnly, CliContext context)
            : base(name, description, context)
        {
            _deadOnly = deadOnly;
            Options.Add(Json);
            Options.Add(Since);
            Options.Add(Type);
            Options.Add(Limit);
            if (!deadOnly)
            {
                Options.Add(Status);
            }

            SetAction(RunAsync);
        }

        private Option<bool> Json { get; } = JsonOption();

        private Option<string?> Since { get; } = SinceOption();

        private Option<string?> Type { get; } = TypeOption();

        private Option<InboxStatus?> Status { get; } = new("--status") { Description = "Only this status: pending, processing, done, failed, dead." };

        private Option<int> Limit { get; } = new("--limit") { Description = "The most rows shown.", DefaultValueFactory = _ => 50 };

        private Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
            WithStoreAsync(parseResult, parseResult.GetValue(Since), async (store, since) =>
            {
                var rows = await store.ListAsync(
                    new InboxQuery
                    {
                        Status = _deadOnly ? InboxStatus.Dead : parseResult.GetValue(Status),
                        EventType = parseResult.GetValue(Type),
                        Since = since,
                        Limit = parseResult.GetValue(Limit),
                    },
                    cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(Json))
                {
                    using var json = CreateJsonWriter();
                    json.WriteStartArray();
                    foreach (var row in rows)
                    {
                        InboxMessageJson.Write(json, row, includeBody: false);
                    }

                    json.WriteEndArray();
                    await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                    Console.WriteLine();
                    return ExitCode.Success;
                }

                if (rows.Count == 0)
                {
                    Console.WriteLine("No deliveries.");
                    return ExitCode.Success;
                }

                Console.WriteLine($"{"WEBHOOK ID",-34} {"STATUS",-10} {"ATT",3} {"EVENT TYPE",-34} {"RECEIVED (UTC)",-19}  LAST ERROR");
                foreach (var r in rows)
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{Short(r.WebhookId, 34),-34} {InboxStatusText.From(r.Status),-10} {r.Attempts,3} {Short(r.EventType, 34),-34} {r.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {Short(r.LastError, 60)}"));
                }

                return ExitCode.Success;
            },
            cancellationToken);
    }

    private sealed class ShowCommand : InboxSubcommand
    {
        public ShowCommand(CliContext context)
            : base("show", "Shows one delivery: status, attempts, history and (with --body) the payload.", context)
        {
            Arguments.Add(Id);
            Options.Add(Json);
            Options.Add(Body);
            SetAction(RunAsync);
        }

        private Argument<string> Id { get; } = new("svix-id") { Description = "The delivery's svix-id (msg_...)." };

        private Option<bool> Json { get; } = JsonOption();

        private Option<bool> Body { get; } = new("--body") { Description = "Includes the payload (personal data: take care where you paste it)." };

        private Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
            WithStoreAsync(parseResult, null, async (store, _) =>
            {
                var id = parseResult.GetValue(Id)!;
                var m = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (m is null)
                {
                    await Console.Error.WriteLineAsync($"No delivery {id}.").ConfigureAwait(false);
                    return ExitCode.Failed;
                }

                if (parseResult.GetValue(Json))
                {
                    using var json = CreateJsonWriter();
                    InboxMessageJson.Write(json, m, parseResult.GetValue(Body));
                    await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                    Console.WriteLine();
                    return ExitCode.Success;
                }

                var inv = CultureInfo.InvariantCulture;
                Console.WriteLine($"webhook_id       {m.WebhookId}");
                Console.WriteLine($"event_type       {m.EventType}");
                Console.WriteLine($"entity_key       {m.EntityKey}");
                Console.WriteLine(string.Create(inv, $"event_timestamp  {m.EventTimestamp} ({DateTimeOffset.FromUnixTimeMilliseconds(m.EventTimestamp):O})"));
                Console.WriteLine(string.Create(inv, $"received_at      {m.ReceivedAt:O}"));
                Console.WriteLine($"status           {InboxStatusText.From(m.Status)}");
                Console.WriteLine(string.Create(inv, $"attempts         {m.Attempts}"));
                Console.WriteLine(string.Create(inv, $"next_attempt_at  {m.NextAttemptAt:O}"));
                Console.WriteLine(string.Create(inv, $"processed_at     {m.ProcessedAt:O}"));
                Console.WriteLine($"last_error       {m.LastError}");
                Console.WriteLine(string.Create(inv, $"body             {m.Body.Length} bytes{(parseResult.GetValue(Body) ? string.Empty : " (--body to show)")}"));
                Console.WriteLine("history:");
                foreach (var h in m.History)
                {
                    Console.WriteLine(string.Create(inv, $"  {h.At:O}  #{h.Attempt,-2} {h.Outcome,-9} {h.WorkerId} {h.Error}"));
                }

                if (parseResult.GetValue(Body))
                {
                    Console.WriteLine(System.Text.Encoding.UTF8.GetString(m.Body.Span));
                }

                return ExitCode.Success;
            },
            cancellationToken);
    }

    private sealed class ReplayCommand : InboxSubcommand
    {
        public ReplayCommand(CliContext context)
            : base("replay", "Puts deliveries back to pending (attempts reset, history kept): one by svix-id, or dead/failed ones by --since/--type/--all.", context)
        {
            Arguments.Add(Id);
            Options.Add(Json);
            Options.Add(Since);
            Options.Add(Type);
            Options.Add(Status);
            Options.Add(All);
            SetAction(RunAsync);
        }

        private Argument<string?> Id { get; } = new("svix-id") { Description = "One delivery to replay (any status but pending or processing).", Arity = ArgumentArity.ZeroOrOne };

        private Option<bool> Json { get; } = JsonOption();

        private Option<string?> Since { get; } = SinceOption();

        private Option<string?> Type { get; } = TypeOption();

        private Option<InboxStatus[]> Status { get; } = new("--status")
        {
            Description = "Statuses to replay (default dead and failed).",
            AllowMultipleArgumentsPerToken = true,
        };

        private Option<bool> All { get; } = new("--all") { Description = "Replays every dead and failed delivery (no other filter)." };

        private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
        {
            var id = parseResult.GetValue(Id);
            var sinceText = parseResult.GetValue(Since);
            var type = parseResult.GetValue(Type);
            if (id is null && sinceText is null && type is null && !parseResult.GetValue(All))
            {
                await Console.Error.WriteLineAsync("Say what to replay: a svix-id, --since <time>, --type <event type>, or --all.").ConfigureAwait(false);
                return ExitCode.UsageError;
            }

            return await WithStoreAsync(parseResult, sinceText, async (store, since) =>
            {
                var statuses = parseResult.GetValue(Status);
                var count = await store.ReplayAsync(
                    new ReplayFilter { WebhookId = id, Since = since, EventType = type, Statuses = statuses is { Length: > 0 } ? statuses : null },
                    cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(Json))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""{"replayed":{{count}}}"""));
                }
                else
                {
                    Console.WriteLine(count == 0
                        ? "Nothing to replay" + (id is null ? "." : $": {id} does not exist or is pending/processing.")
                        : string.Create(CultureInfo.InvariantCulture, $"Replayed {count} deliveries; a running `clerk-sync serve` picks them up within its poll interval."));
                }

                return id is not null && count == 0 ? ExitCode.Failed : ExitCode.Success;
            },
            cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class PurgeCommand : InboxSubcommand
    {
        public PurgeCommand(CliContext context)
            : base("purge", "Deletes finished deliveries with their bodies: done ones processed, or dead ones received, before --older-than.", context)
        {
            Options.Add(OlderThan);
            Options.Add(Status);
            Options.Add(Json);
            SetAction(RunAsync);
        }

        private Option<string?> OlderThan { get; } = new("--older-than")
        {
            Description = "An age (30d, 12h) or an ISO 8601 time: rows older than it are deleted. Required.",
        };

        private Option<InboxStatus[]> Status { get; } = new("--status")
        {
            Description = "Statuses to purge: done (the default) and/or dead. Rows still to be processed are never purged.",
            AllowMultipleArgumentsPerToken = true,
        };

        private Option<bool> Json { get; } = JsonOption();

        private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
        {
            var olderThan = parseResult.GetValue(OlderThan);
            var statuses = parseResult.GetValue(Status);
            if (string.IsNullOrWhiteSpace(olderThan))
            {
                await Console.Error.WriteLineAsync("Say how old: --older-than 30d (an age) or --older-than 2026-01-31T00:00Z.").ConfigureAwait(false);
                return ExitCode.UsageError;
            }

            var unfinished = statuses?.Where(s => !PurgeFilter.IsPurgeable(s)).ToArray() ?? [];
            if (unfinished.Length > 0)
            {
                await Console.Error.WriteLineAsync($"--status {InboxStatusText.From(unfinished[0])} cannot be purged: only done and dead deliveries are finished.").ConfigureAwait(false);
                return ExitCode.UsageError;
            }

            return await WithStoreAsync(parseResult, olderThan, async (store, before) =>
            {
                var filter = new PurgeFilter { Before = before!.Value, Statuses = statuses is { Length: > 0 } ? statuses : null };
                var count = await InboxRetention.PurgeAllAsync(store, filter, cancellationToken).ConfigureAwait(false);
                Console.WriteLine(parseResult.GetValue(Json)
                    ? string.Create(CultureInfo.InvariantCulture, $$"""{"purged":{{count}}}""")
                    : string.Create(CultureInfo.InvariantCulture, $"Deleted {count} deliveries older than {before.Value:u}."));
                return ExitCode.Success;
            },
            cancellationToken,
            "--older-than").ConfigureAwait(false);
        }
    }
}
