using System.CommandLine;
using ClerkSync.Cli.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Cli;

/// <summary>Options that several commands share, built fresh for each command (an option belongs to one parent).</summary>
internal static class CliOptions
{
    /// <summary>
    /// <c>--db</c>, the one definition for every command (issue #14): a SQLite database file, which selects SQLite storage;
    /// a local serve keeps its development secret beside it (<c>&lt;db&gt;.dev-secret</c>). Not given: the configured
    /// storage (Storage/StorageOptions), else <see cref="ClerkSyncSqliteBuilderExtensions.DefaultDatabase"/>.
    /// </summary>
    public static Option<string?> Database() => new("--db")
    {
        Description = $"The SQLite database file (selects SQLite); the local serve's development secret is kept in <db>{SigningSecrets.DevSecretSuffix}. Default: the configured storage (ClerkSync:Storage), else {ClerkSyncSqliteBuilderExtensions.DefaultDatabase}.",
        HelpName = "path",
    };

    public static Option<string[]> Secrets(string description) => new("--secret")
    {
        Description = description,
        HelpName = "whsec_...",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write the result as JSON on stdout, for scripts.",
    };
}
