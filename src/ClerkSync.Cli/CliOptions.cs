using System.CommandLine;
using ClerkSync.Cli.Secrets;

namespace ClerkSync.Cli;

/// <summary>Options that several commands share, built fresh for each command (an option belongs to one parent).</summary>
internal static class CliOptions
{
    public static Option<string?> Database() => new("--db")
    {
        Description = $"The local serve's SQLite database; its development secret is read from <db>{SigningSecrets.DevSecretSuffix}. Default {SigningSecrets.DefaultDatabase}.",
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
