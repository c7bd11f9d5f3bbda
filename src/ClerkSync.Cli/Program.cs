using System.CommandLine;
using System.CommandLine.Invocation;
using ClerkSync.Cli.Commands;

namespace ClerkSync.Cli;

/// <summary>The <c>clerk-sync</c> tool. Each command lives in Commands/ as a <see cref="Command"/> subclass (STYLE 20).</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => InvokeAsync(CreateCommand(), args);

    /// <summary>Builds the root command; the test seam for parse-level tests.</summary>
    /// <param name="context">The environment, clock and working directory the commands see; the real process when null.</param>
    internal static RootCommand CreateCommand(CliContext? context = null) => new("clerk-sync: receive Clerk webhooks durably, mirror Clerk data, send and diagnose signed test events.")
    {
        new ServeCommand(),
        new EventsCommand(context),
        new MirrorCommand(context),
        new SendCommand(context),
        new VerifyCommand(context),
        new SecretCommand(context),
    };

    /// <summary>Parses and runs; a parse error exits with <see cref="ExitCode.UsageError"/> (System.CommandLine's own is 1, which here means "found a problem").</summary>
    internal static async Task<int> InvokeAsync(RootCommand command, string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parseResult = command.Parse(args);
        var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        return parseResult.Action is ParseErrorAction ? ExitCode.UsageError : exitCode;
    }
}
