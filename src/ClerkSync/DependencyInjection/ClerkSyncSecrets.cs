using ClerkSync.Webhooks;
using Microsoft.Extensions.Configuration;

namespace ClerkSync.DependencyInjection;

/// <summary>Reads signing secrets from Clerk's environment variable names (<see cref="SigningSecretVariables"/>).</summary>
internal static class ClerkSyncSecrets
{
    /// <summary>
    /// Returns the variable that holds the secrets, <c>CLERK_WEBHOOK_SIGNING_SECRET</c> before <c>CLERK_WEBHOOK_SECRET</c>
    /// (configuration first, then the process environment), and its raw value; null when neither is set.
    /// </summary>
    public static (string Variable, string Value)? FromEnvironment(IConfiguration? configuration) =>
        SigningSecretVariables.Find(name => configuration?[name] ?? Environment.GetEnvironmentVariable(name));

    /// <summary>
    /// Returns where a secret is configured (<c>ClerkSync:Secrets</c>, else the environment variable) and whether it is
    /// blank (set, but empty or whitespace); null when nothing is set.
    /// </summary>
    public static (string Source, bool Blank)? Configured(IConfiguration configuration)
    {
        var section = configuration.GetSection($"{ClerkSyncOptions.SectionName}:Secrets");
        var entries = section.GetChildren().ToList();
        if (entries.Count > 0)
        {
            return (section.Path, entries.TrueForAll(c => string.IsNullOrWhiteSpace(c.Value)));
        }

        return FromEnvironment(configuration) is { } found ? (found.Variable, string.IsNullOrWhiteSpace(found.Value)) : null;
    }
}
