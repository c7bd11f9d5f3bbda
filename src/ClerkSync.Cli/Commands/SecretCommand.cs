using System.CommandLine;
using System.Text.Json;
using ClerkSync.Cli.Secrets;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Commands;

/// <summary><c>clerk-sync secret new|check</c>: creates a signing secret, or checks one's shape and prints its fingerprint.</summary>
internal sealed class SecretCommand : Command
{
    public SecretCommand(CliContext? context = null)
        : base("secret", "Creates and checks whsec_ signing secrets.")
    {
        var cli = context ?? CliContext.Default;
        Add(new NewCommand());
        Add(new CheckCommand(cli));
    }

    internal sealed class NewCommand : Command
    {
        public NewCommand()
            : base("new", "Prints a fresh random signing secret (whsec_ + base64 of 32 bytes) on stdout; its fingerprint goes to stderr.")
        {
            SetAction(parseResult =>
            {
                var secret = WebhookSecret.Generate();
                parseResult.InvocationConfiguration.Output.WriteLine(secret);
                parseResult.InvocationConfiguration.Error.WriteLine(
                    $"fingerprint {WebhookSecret.Fingerprint(secret)}. Use it with `clerk-sync serve` via {SigningSecretVariables.SigningSecret}; it is for local testing: Clerk creates the real one for each endpoint.");
                return ExitCode.Success;
            });
        }
    }

    internal sealed class CheckCommand : Command
    {
        public CheckCommand(CliContext context)
            : base("check", $"Validates a signing secret's shape and prints its fingerprint (never the secret). Without an argument, checks {SigningSecretVariables.SigningSecret}, {SigningSecretVariables.Secret} and the local serve's development secret. Exit 0 valid, 2 not usable (the message says what to fix).")
        {
            Add(SecretArgument);
            Add(DatabaseOption);
            Add(JsonOption);
            SetAction(parseResult =>
            {
                var output = parseResult.InvocationConfiguration.Output;
                var error = parseResult.InvocationConfiguration.Error;
                var argument = parseResult.GetValue(SecretArgument);
                var database = parseResult.GetValue(DatabaseOption);
                List<(string Source, string Value)> candidates = argument switch
                {
                    null => [.. SigningSecrets.Configured(database, context)],
                    "-" => [.. SigningSecrets.Entries("stdin", Console.In.ReadLine() ?? string.Empty)],
                    _ => [.. SigningSecrets.Entries("argument", argument)],
                };

                if (candidates.Count == 0)
                {
                    error.WriteLine(SigningSecrets.NoneConfigured(database, context).Message);
                    return ExitCode.UsageError;
                }

                var results = candidates.Select(c => (c.Source, Inspection: WebhookSecretCheck.Of(c.Value))).ToList();
                if (parseResult.GetValue(JsonOption))
                {
                    output.WriteLine(JsonSerializer.Serialize(
                        results.Select(r => new Dictionary<string, object?>
                        {
                            ["source"] = r.Source,
                            ["valid"] = r.Inspection.IsValid,
                            ["fingerprint"] = r.Inspection.Fingerprint,
                            ["key_bytes"] = r.Inspection.IsValid ? r.Inspection.KeyBytes : null,
                            ["problem"] = r.Inspection.Problem,
                            ["notes"] = r.Inspection.Notes,
                        }),
                        CliJson.Indented));
                }
                else
                {
                    foreach (var (source, inspection) in results)
                    {
                        if (inspection.IsValid)
                        {
                            output.WriteLine($"{source}: valid, {inspection.KeyBytes}-byte key, fingerprint {inspection.Fingerprint}");
                        }
                        else
                        {
                            error.WriteLine($"{source}: not usable. {inspection.Problem}");
                        }

                        foreach (var note in inspection.Notes)
                        {
                            error.WriteLine($"{source}: note: {note}");
                        }
                    }

                    if (results.Count(r => r.Inspection.IsValid) > 1 && results.Where(r => r.Inspection.IsValid).Select(r => r.Inspection.Fingerprint).Distinct().Count() > 1)
                    {
                        error.WriteLine($"note: the configured secrets differ; serve verifies with all of them, send signs with the first ({results[0].Source}).");
                    }
                }

                return results.TrueForAll(r => r.Inspection.IsValid) ? ExitCode.Success : ExitCode.UsageError;
            });
        }

        public Argument<string?> SecretArgument { get; } = new("secret")
        {
            Description = "The secret to check, or - to read it from stdin (keeps it out of shell history). Default: the configured secrets.",
            Arity = ArgumentArity.ZeroOrOne,
        };

        public Option<string?> DatabaseOption { get; } = CliOptions.Database();

        public Option<bool> JsonOption { get; } = CliOptions.Json();
    }
}
