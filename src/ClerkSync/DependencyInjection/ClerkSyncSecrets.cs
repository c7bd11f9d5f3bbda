using Microsoft.Extensions.Configuration;

namespace ClerkSync.DependencyInjection;

/// <summary>Reads signing secrets from Clerk's environment variable names.</summary>
internal static class ClerkSyncSecrets
{
    /// <summary>Clerk's official variable name.</summary>
    public const string SigningSecretVariable = "CLERK_WEBHOOK_SIGNING_SECRET";

    /// <summary>The other common name.</summary>
    public const string SecretVariable = "CLERK_WEBHOOK_SECRET";

    /// <summary>
    /// Returns the secrets in <c>CLERK_WEBHOOK_SIGNING_SECRET</c>, else <c>CLERK_WEBHOOK_SECRET</c> (configuration first,
    /// then the process environment). Several secrets for a rotation are separated by spaces or commas.
    /// </summary>
    public static IReadOnlyList<string> FromEnvironment(IConfiguration? configuration)
    {
        foreach (var name in new[] { SigningSecretVariable, SecretVariable })
        {
            var value = configuration?[name] ?? Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Split([' ', ',', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        return [];
    }

    /// <summary>Returns whether any secret is configured (ClerkSync:Secrets or the environment variables).</summary>
    public static bool AnyConfigured(IConfiguration configuration) =>
        configuration.GetSection($"{ClerkSyncOptions.SectionName}:Secrets").GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value))
        || FromEnvironment(configuration).Count > 0;
}
