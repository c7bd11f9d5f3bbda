using System.CommandLine;
using ClerkSync.Cli.Commands;

namespace ClerkSync.Cli;

/// <summary>The <c>clerk-sync</c> tool. Each command lives in Commands/ as a <see cref="Command"/> subclass (STYLE 20).</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => CreateCommand().Parse(args).InvokeAsync();

    /// <summary>Builds the root command; the test seam for parse-level tests.</summary>
    internal static RootCommand CreateCommand() => new("clerk-sync: receive Clerk webhooks durably, mirror Clerk data, send and diagnose signed test events.")
    {
        new ServeCommand(),
        new EventsCommand(),
        new MirrorCommand(),
        new SendCommand(),
        new VerifyCommand(),
        new SecretCommand(),
    };
}
