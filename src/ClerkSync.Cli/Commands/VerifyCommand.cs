using System.CommandLine;
using System.Text.Json;
using ClerkSync.Cli.Diagnostics;
using ClerkSync.Cli.Secrets;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// <c>clerk-sync verify</c>: offline diagnosis of a captured delivery. Says valid, or every reason it is not. Exit 0
/// valid, 1 invalid, 2 usage error.
/// </summary>
internal sealed class VerifyCommand : Command
{
    private readonly CliContext _context;

    public VerifyCommand(CliContext? context = null)
        : base("verify", "Diagnoses a captured delivery offline: valid, or exactly why not (missing header, clock skew, which secret matches, body changed after signing). Exit 0 valid, 1 invalid, 2 usage error. " + DeliveryCapture.FormatHelp)
    {
        _context = context ?? CliContext.Default;
        Add(DeliveryOption);
        Add(IdOption);
        Add(TimestampOption);
        Add(SignatureOption);
        Add(BodyFileOption);
        Add(SecretOption);
        Add(DatabaseOption);
        Add(IgnoreTimestampOption);
        Add(JsonOption);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Option<string?> DeliveryOption { get; } = new("--delivery", "-d")
    {
        Description = "A capture file (JSON): {\"headers\": {...}, \"body\": \"...\"} or \"body_base64\". - reads it from stdin.",
        HelpName = "file",
    };

    public Option<string?> IdOption { get; } = new("--id") { Description = "The svix-id header (with --timestamp, --signature and --body-file).", HelpName = "msg_..." };

    public Option<string?> TimestampOption { get; } = new("--timestamp") { Description = "The svix-timestamp header (unix seconds).", HelpName = "seconds" };

    public Option<string?> SignatureOption { get; } = new("--signature") { Description = "The svix-signature header (space-separated v1,<base64> entries).", HelpName = "v1,..." };

    public Option<string?> BodyFileOption { get; } = new("--body-file") { Description = "A file holding the exact body bytes received.", HelpName = "file" };

    public Option<string[]> SecretOption { get; } = CliOptions.Secrets(
        $"A signing secret to verify with; repeat it to find which of several matches. Default: {SigningSecretVariables.SigningSecret}, {SigningSecretVariables.Secret} and the local serve's development secret.");

    public Option<string?> DatabaseOption { get; } = CliOptions.Database();

    public Option<bool> IgnoreTimestampOption { get; } = new("--ignore-timestamp")
    {
        Description = "Report the timestamp's age as a warning instead of an error, to check the signature of an old capture.",
    };

    public Option<bool> JsonOption { get; } = CliOptions.Json();

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        DeliveryCapture capture;
        IReadOnlyList<ResolvedSecret> secrets;
        try
        {
            capture = await LoadCaptureAsync(parseResult, cancellationToken).ConfigureAwait(false);
            secrets = SigningSecrets.ResolveAll(parseResult.GetValue(SecretOption), parseResult.GetValue(DatabaseOption), _context);
            if (secrets.Count == 0)
            {
                throw SigningSecrets.NoneConfigured(parseResult.GetValue(DatabaseOption), _context);
            }
        }
        catch (Exception e) when (e is CaptureFormatException or SecretConfigurationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCode.UsageError;
        }

        var diagnosis = new DeliveryDiagnoser(_context.Time).Diagnose(capture, secrets, parseResult.GetValue(IgnoreTimestampOption));
        if (parseResult.GetValue(JsonOption))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(ToJson(diagnosis), CliJson.Indented)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(diagnosis.IsValid ? "valid" : $"invalid: {diagnosis.Code}").ConfigureAwait(false);
            foreach (var finding in diagnosis.Findings)
            {
                await output.WriteLineAsync($"  [{Label(finding.Severity)}] {finding.Message}").ConfigureAwait(false);
            }
        }

        return diagnosis.IsValid ? ExitCode.Success : ExitCode.Failed;
    }

    private async Task<DeliveryCapture> LoadCaptureAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var delivery = parseResult.GetValue(DeliveryOption);
        var bodyFile = parseResult.GetValue(BodyFileOption);
        if (delivery is not null)
        {
            if (bodyFile is not null || parseResult.GetValue(IdOption) is not null)
            {
                throw new CaptureFormatException("Pass either --delivery, or --id, --timestamp, --signature and --body-file, not both.");
            }

            var bytes = delivery == "-"
                ? await ReadStdinAsync(cancellationToken).ConfigureAwait(false)
                : await ReadFileAsync(delivery, cancellationToken).ConfigureAwait(false);
            return DeliveryCapture.Parse(bytes);
        }

        if (bodyFile is null)
        {
            throw new CaptureFormatException("Nothing to verify: pass --delivery capture.json, or --id, --timestamp, --signature and --body-file. " + DeliveryCapture.FormatHelp);
        }

        return DeliveryCapture.FromParts(
            parseResult.GetValue(IdOption),
            parseResult.GetValue(TimestampOption),
            parseResult.GetValue(SignatureOption),
            await ReadFileAsync(bodyFile, cancellationToken).ConfigureAwait(false));
    }

    private async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var full = _context.ResolvePath(path);
        return File.Exists(full)
            ? await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false)
            : throw new CaptureFormatException($"File not found: {full}");
    }

    private static async Task<byte[]> ReadStdinAsync(CancellationToken cancellationToken)
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        await stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static string Label(Severity severity) => severity switch
    {
        Severity.Ok => "ok",
        Severity.Info => "info",
        Severity.Warning => "warning",
        _ => "error",
    };

    private static Dictionary<string, object?> ToJson(Diagnosis diagnosis) => new()
    {
        ["valid"] = diagnosis.IsValid,
        ["code"] = diagnosis.Code,
        ["svix_id"] = diagnosis.MessageId,
        ["timestamp"] = diagnosis.UnixTimestamp,
        ["clock_skew_seconds"] = diagnosis.ClockSkewSeconds,
        ["signatures_tried"] = diagnosis.SignaturesTried,
        ["secrets"] = diagnosis.Secrets.Select(s => new Dictionary<string, object> { ["fingerprint"] = s.Fingerprint, ["source"] = s.Source, ["matches"] = s.Matches }).ToList(),
        ["findings"] = diagnosis.Findings.Select(f => new Dictionary<string, string> { ["severity"] = Label(f.Severity), ["code"] = f.Code, ["message"] = f.Message }).ToList(),
    };
}
