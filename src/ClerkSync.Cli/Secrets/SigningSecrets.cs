namespace ClerkSync.Cli.Secrets;

/// <summary>A signing secret and where it came from, for messages (never the secret itself).</summary>
internal sealed record ResolvedSecret(string Secret, string Source, string Fingerprint)
{
    /// <summary>For messages: <c>sha256:3f1c09a2b4de (CLERK_WEBHOOK_SIGNING_SECRET)</c>.</summary>
    public string Describe() => $"{Fingerprint} ({Source})";
}

/// <summary>Thrown when no usable secret is configured or one is malformed; exit code 2. The message never echoes a secret.</summary>
internal sealed class SecretConfigurationException(string message) : Exception(message);

/// <summary>
/// Finds the signing secret(s) the way <c>clerk-sync serve</c> does: <c>--secret</c>, then
/// <c>CLERK_WEBHOOK_SIGNING_SECRET</c>, <c>CLERK_WEBHOOK_SECRET</c>, then the development secret that a local serve writes
/// beside its database (<c>clerk-sync.db.dev-secret</c>).
/// </summary>
internal static class SigningSecrets
{
    public const string SigningSecretVariable = "CLERK_WEBHOOK_SIGNING_SECRET";

    public const string SecretVariable = "CLERK_WEBHOOK_SECRET";

    public const string DevSecretSuffix = ".dev-secret";

    /// <summary>Every configured secret, deduplicated: the explicit ones if any were given, otherwise all the configured sources.</summary>
    public static IReadOnlyList<ResolvedSecret> ResolveAll(IReadOnlyList<string>? explicitSecrets, string? database, CliContext context)
    {
        var found = new List<ResolvedSecret>();
        if (explicitSecrets is { Count: > 0 })
        {
            for (var i = 0; i < explicitSecrets.Count; i++)
            {
                Add(found, explicitSecrets[i], explicitSecrets.Count == 1 ? "--secret" : $"--secret #{i + 1}");
            }

            return found;
        }

        foreach (var (source, value) in Configured(database, context))
        {
            Add(found, value, source);
        }

        return found;
    }

    /// <summary>The secret a sender uses: the first of <see cref="ResolveAll"/>.</summary>
    /// <exception cref="SecretConfigurationException">None is configured, or the first is malformed.</exception>
    public static ResolvedSecret ResolveOne(IReadOnlyList<string>? explicitSecrets, string? database, CliContext context)
    {
        var all = ResolveAll(explicitSecrets, database, context);
        return all.Count > 0 ? all[0] : throw NoneConfigured(database, context);
    }

    /// <summary>The configured sources that hold a value, in priority order, unvalidated: (source name, raw value).</summary>
    public static IEnumerable<(string Source, string Value)> Configured(string? database, CliContext context)
    {
        foreach (var variable in (string[])[SigningSecretVariable, SecretVariable])
        {
            if (context.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                yield return (variable, value);
            }
        }

        var devSecretPath = DevSecretPath(database, context);
        if (File.Exists(devSecretPath))
        {
            yield return (Path.GetFileName(devSecretPath), ReadDevSecret(devSecretPath));
        }
    }

    public static SecretConfigurationException NoneConfigured(string? database, CliContext context) => new(
        $"No signing secret: pass --secret whsec_..., set {SigningSecretVariable}, or start `clerk-sync serve` with the same --db (it writes a development secret to {DevSecretPath(database, context)}).");

    public static string DevSecretPath(string? database, CliContext context) =>
        context.ResolvePath((database ?? Microsoft.Extensions.DependencyInjection.ClerkSyncSqliteBuilderExtensions.DefaultDatabase) + DevSecretSuffix);

    private static void Add(List<ResolvedSecret> found, string secret, string source)
    {
        var inspection = SecretInspection.Inspect(secret);
        if (!inspection.IsValid)
        {
            throw new SecretConfigurationException($"The secret from {source} is not usable. {inspection.Problem}");
        }

        if (!found.Exists(s => s.Fingerprint == inspection.Fingerprint))
        {
            found.Add(new(secret.Trim(), source, inspection.Fingerprint!));
        }
    }

    private static string ReadDevSecret(string path)
    {
        // The file holds the secret, possibly with a comment or a JSON wrapper: take the first whsec_ token.
        var text = File.ReadAllText(path);
        var start = text.IndexOf(Webhooks.WebhookSecret.Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return text.Trim();
        }

        var end = start + Webhooks.WebhookSecret.Prefix.Length;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '+' or '/' or '='))
        {
            end++;
        }

        return text[start..end];
    }
}
