using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ClerkSync.Cli.Storage;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// <c>clerk-sync mirror stats | show &lt;table&gt; &lt;id&gt;</c> (issue #4): reads the mirror tables of the storage
/// <c>serve</c> uses (SQLite or PostgreSQL, <see cref="StorageOptions"/>), also while <c>serve</c> runs on it.
/// </summary>
internal sealed class MirrorCommand : Command
{
    public MirrorCommand(CliContext? context = null)
        : base("mirror", "Shows the mirror's tables: counts per table, or one row and the svix ids that changed it.")
    {
        context ??= CliContext.Default;
        Subcommands.Add(new StatsCommand(context));
        Subcommands.Add(new ShowCommand(context));
    }

    /// <summary>A mirror subcommand: the storage options, opening the database, and the action around them.</summary>
    private abstract class MirrorSubcommand : Command
    {
        private readonly StorageOptions _storage;
        private readonly CliContext _context;

        protected MirrorSubcommand(string name, string description, CliContext context)
            : base(name, description)
        {
            _context = context;
            _storage = new StorageOptions(this);
            Options.Add(Json);
        }

        protected Option<bool> Json { get; } = JsonOption();

        /// <summary>Sets the action: <paramref name="run"/> gets an open connection; a usage problem exits 2 first.</summary>
        protected void SetMirrorAction(Func<ParseResult, Task<bool>> validate, Func<ParseResult, DbConnection, CancellationToken, Task<int>> run) =>
            SetAction(async (parseResult, cancellationToken) =>
            {
                if (!await validate(parseResult).ConfigureAwait(false))
                {
                    return ExitCode.UsageError;
                }

                var storage = await _storage.OpenAsync(parseResult, _context, cancellationToken).ConfigureAwait(false);
                if (storage is null)
                {
                    return ExitCode.UsageError;
                }

                await using (storage.ConfigureAwait(false))
                {
                    var connection = await storage.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await using (connection.ConfigureAwait(false))
                    {
                        return await run(parseResult, connection, cancellationToken).ConfigureAwait(false);
                    }
                }
            });

        /// <summary>Writes indented JSON built by <paramref name="write"/> to the command's output.</summary>
        protected static Task WriteJsonAsync(ParseResult parseResult, Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                write(writer);
            }

            return parseResult.InvocationConfiguration.Output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Writes JSON for scripts." };

    private static void WriteValue(Utf8JsonWriter json, string name, object? value, bool isJson)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case string text when isJson:
                json.WritePropertyName(name);
                using (var document = JsonDocument.Parse(text))
                {
                    document.RootElement.WriteTo(json);
                }

                break;
            case string text:
                json.WriteString(name, text);
                break;
            case bool flag:
                json.WriteBoolean(name, flag);
                break;
            case long or int:
                json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private sealed class StatsCommand : MirrorSubcommand
    {
        public StatsCommand(CliContext context)
            : base("stats", "Counts rows, tombstones (deleted_at set) and stubs per mirror table.", context) =>
            SetMirrorAction(_ => Task.FromResult(true), async (parseResult, connection, cancellationToken) =>
            {
                var stats = await MirrorQueries.StatsAsync(connection, cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(Json))
                {
                    await WriteJsonAsync(parseResult, writer =>
                    {
                        writer.WriteStartObject();
                        writer.WriteStartArray("tables");
                        foreach (var s in stats)
                        {
                            writer.WriteStartObject();
                            writer.WriteString("table", s.Table);
                            writer.WriteNumber("rows", s.Rows);
                            writer.WriteNumber("live", s.Rows - s.Tombstones);
                            writer.WriteNumber("tombstones", s.Tombstones);
                            writer.WriteNumber("stubs", s.Stubs);
                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }).ConfigureAwait(false);
                    return ExitCode.Success;
                }

                var output = parseResult.InvocationConfiguration.Output;
                await output.WriteLineAsync($"{"table",-34} {"rows",10} {"live",10} {"tombstones",10} {"stubs",8}").ConfigureAwait(false);
                foreach (var s in stats)
                {
                    await output.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{s.Table,-34} {s.Rows,10} {s.Rows - s.Tombstones,10} {s.Tombstones,10} {s.Stubs,8}")).ConfigureAwait(false);
                }

                return ExitCode.Success;
            });
    }

    private sealed class ShowCommand : MirrorSubcommand
    {
        private readonly Argument<string> _table = new("table") { Description = "The table (clerk_users, or users)." };
        private readonly Argument<string> _id = new("id") { Description = "Clerk's id (user_...)." };

        public ShowCommand(CliContext context)
            : base("show", "Shows one mirror row and the svix ids that changed it.", context)
        {
            Arguments.Add(_table);
            Arguments.Add(_id);
            SetMirrorAction(ValidateAsync, RunAsync);
        }

        private const string ShortNamePrefix = "clerk_";

        private static MirrorTable? Find(string name) => MirrorCatalog.Find(name) ?? MirrorCatalog.Find(ShortNamePrefix + name);

        private async Task<bool> ValidateAsync(ParseResult parseResult)
        {
            var name = parseResult.GetValue(_table)!;
            if (Find(name) is not null)
            {
                return true;
            }

            var tables = MirrorCatalog.All.Select(t => t.Name.StartsWith(ShortNamePrefix, StringComparison.Ordinal) ? t.Name[ShortNamePrefix.Length..] : t.Name);
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"'{name}' is not a mirror table. Tables (the {ShortNamePrefix} prefix is optional): {string.Join(", ", tables)}.").ConfigureAwait(false);
            return false;
        }

        private async Task<int> RunAsync(ParseResult parseResult, DbConnection connection, CancellationToken cancellationToken)
        {
            var definition = Find(parseResult.GetValue(_table)!)!;
            var rowId = parseResult.GetValue(_id)!;
            var row = await MirrorQueries.RowAsync(connection, definition.Name, rowId, cancellationToken).ConfigureAwait(false);
            var changes = await MirrorQueries.ChangesAsync(connection, definition.Name, rowId, cancellationToken).ConfigureAwait(false);
            var jsonColumns = definition.Columns.Where(c => c.Type == MirrorColumnType.Json).Select(c => c.Name).Append(MirrorColumns.Data).ToHashSet(StringComparer.Ordinal);
            if (parseResult.GetValue(Json))
            {
                await WriteJsonAsync(parseResult, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("table", definition.Name);
                    writer.WriteString("id", rowId);
                    if (row is null)
                    {
                        writer.WriteNull("row");
                    }
                    else
                    {
                        writer.WriteStartObject("row");
                        foreach (var (name, value) in row)
                        {
                            WriteValue(writer, name, value, jsonColumns.Contains(name));
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteStartArray("changes");
                    foreach (var change in changes)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("webhook_id", change.WebhookId);
                        writer.WriteString("change", change.Change);
                        writer.WriteNumber("version", change.Version);
                        writer.WriteString("applied_at", change.AppliedAt);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }).ConfigureAwait(false);
            }
            else
            {
                var output = parseResult.InvocationConfiguration.Output;
                if (row is null)
                {
                    await output.WriteLineAsync($"No row {rowId} in {definition.Name}.").ConfigureAwait(false);
                }
                else
                {
                    foreach (var (name, value) in row)
                    {
                        await output.WriteLineAsync($"{name,-28} {Convert.ToString(value, CultureInfo.InvariantCulture) ?? "(null)"}").ConfigureAwait(false);
                    }
                }

                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync($"changes ({changes.Count}):").ConfigureAwait(false);
                foreach (var change in changes)
                {
                    await output.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  {change.AppliedAt:O}  {change.Change,-8} version {change.Version,-14} {change.WebhookId}")).ConfigureAwait(false);
                }
            }

            return row is null ? ExitCode.Failed : ExitCode.Success;
        }
    }
}
