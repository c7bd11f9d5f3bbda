namespace ClerkSync.Cli.Diagnostics;

/// <summary>How serious a finding is; any <see cref="Error"/> makes the delivery invalid.</summary>
internal enum Severity
{
    Ok,
    Info,
    Warning,
    Error,
}

/// <summary>One thing <c>verify</c> found, with a stable snake_case code for scripts.</summary>
internal sealed record Finding(Severity Severity, string Code, string Message);

/// <summary>Whether one configured secret produced one of the delivery's signatures.</summary>
internal sealed record SecretOutcome(string Fingerprint, string Source, bool Matches);

/// <summary>Everything <c>verify</c> found about one delivery.</summary>
internal sealed class Diagnosis
{
    public List<Finding> Findings { get; } = [];

    public List<SecretOutcome> Secrets { get; } = [];

    public string? MessageId { get; set; }

    public long? UnixTimestamp { get; set; }

    public long? ClockSkewSeconds { get; set; }

    public int SignaturesTried { get; set; }

    public bool IsValid => !Findings.Exists(f => f.Severity == Severity.Error);

    /// <summary>Gets the first error's code, or <c>valid</c>.</summary>
    public string Code => Findings.Find(f => f.Severity == Severity.Error)?.Code ?? "valid";

    public void Add(Severity severity, string code, string message) => Findings.Add(new(severity, code, message));
}
