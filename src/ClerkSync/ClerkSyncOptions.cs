using System.ComponentModel.DataAnnotations;
using ClerkSync.Webhooks;
using Microsoft.Extensions.Options;

namespace ClerkSync;

/// <summary>
/// ClerkSync options, bound from the <c>ClerkSync</c> configuration section (issue #3). The signing secrets also come
/// from <c>CLERK_WEBHOOK_SIGNING_SECRET</c> (Clerk's name) or <c>CLERK_WEBHOOK_SECRET</c>. Validated at start-up.
/// </summary>
public sealed class ClerkSyncOptions : IValidatableObject
{
    /// <summary>The configuration section bound by default: <c>ClerkSync</c>.</summary>
    public const string SectionName = "ClerkSync";

    /// <summary>Gets or sets the webhook signing secrets (<c>whsec_...</c>); two during a rotation, any one matching wins.</summary>
    /// <value>Empty by default: at least one is required.</value>
    public IList<string> Secrets { get; set; } = [];

    /// <summary>Gets or sets how far a delivery's <c>svix-timestamp</c> may be from this clock, in both directions.</summary>
    /// <value>5 minutes, as the Standard Webhooks reference libraries.</value>
    public TimeSpan Tolerance { get; set; } = WebhookVerifier.DefaultTolerance;

    /// <summary>Gets or sets the largest body accepted; a larger one is answered 413 without being read.</summary>
    /// <value>1 MiB (1,048,576 bytes).</value>
    [Range(1L, 256L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how many worker loops process the inbox concurrently; 0 stores deliveries without processing them.</summary>
    /// <value>2.</value>
    [Range(0, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>Gets or sets how many rows a worker loop claims at once.</summary>
    /// <value>32.</value>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets how long a claim holds a row; a crashed worker's rows are claimable again after it.</summary>
    /// <value>5 minutes. Longer than the slowest handler.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how often an idle worker looks for due rows (new deliveries wake it at once).</summary>
    /// <value>1 second.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the age of the oldest due row above which <c>/healthz</c> reports degraded.</summary>
    /// <value>15 minutes.</value>
    public TimeSpan HealthMaxBacklogAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Gets or sets how long a processed (done) row is kept before retention deletes it with its body, which holds
    /// personal data. While kept, a delivery of the same <c>svix-id</c> is a duplicate; after, it is processed again.
    /// <see cref="TimeSpan.Zero"/> keeps done rows forever. Dead rows are never deleted automatically
    /// (<c>clerk-sync events purge --status dead</c>).
    /// </summary>
    /// <value>7 days: past Svix's retry schedule (about 28 hours) with room for a dashboard resend.</value>
    public TimeSpan RetainDone { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the retry policy of failed deliveries.</summary>
    [ValidateObjectMembers]
    public ClerkSyncRetryOptions Retry { get; set; } = new();

    /// <summary>Gets or sets the storage provider and its connection string.</summary>
    [ValidateObjectMembers]
    public ClerkSyncStorageOptions Storage { get; set; } = new();

    /// <inheritdoc/>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        // TimeSpan ranges are checked here: RangeAttribute(typeof(TimeSpan), ...) is not trimming-safe.
        foreach (var error in new[]
        {
            CheckRange(nameof(Tolerance), Tolerance, TimeSpan.Zero, TimeSpan.FromHours(1)),
            CheckRange(nameof(Lease), Lease, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            CheckRange(nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10)),
            CheckRange(nameof(HealthMaxBacklogAge), HealthMaxBacklogAge, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
            RetainDone == TimeSpan.Zero ? null : CheckRange(nameof(RetainDone), RetainDone, MinRetainDone, TimeSpan.FromDays(3650)),
        })
        {
            if (error is not null)
            {
                yield return error;
            }
        }

        // Secret errors carry no member name: the message itself names the variable or key to fix, and a "Secrets:"
        // prefix (which the validator adds for a member) would read like a configuration key.
        if (Secrets.Count == 0 || Secrets.All(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult(
                SecretsVariable is { } variable
                    ? $"{variable} is set but empty. Set it to the endpoint's Signing Secret (Clerk dashboard, Webhooks, your endpoint: whsec_...), or unset it and configure ClerkSync:Secrets."
                    : $"No Clerk webhook signing secret is configured. Set {SigningSecretVariables.SigningSecret} to the endpoint's Signing Secret (Clerk dashboard, Webhooks, your endpoint: whsec_...), or ClerkSync:Secrets in configuration.");
            yield break;
        }

        if (Secrets.Count > WebhookVerifier.MaxSecrets)
        {
            yield return new ValidationResult($"At most {WebhookVerifier.MaxSecrets} signing secrets can be configured (a rotation needs two).");
        }

        for (var i = 0; i < Secrets.Count; i++)
        {
            // The verifier's own rule (one definition); the message never echoes the secret.
            if (WebhookSecretCheck.Of(Secrets[i]) is { IsValid: false } check)
            {
                var where = SecretsVariable is { } variable
                    ? SigningSecretVariables.Describe(variable, i, Secrets.Count)
                    : $"{SectionName}:{nameof(Secrets)}:{i}";
                yield return new ValidationResult($"{where}: {check.Problem}");
            }
        }
    }

    /// <summary>
    /// Gets or sets the environment variable <see cref="Secrets"/> were read from (set by <c>AddClerkSync</c> when no
    /// secret is configured under <c>ClerkSync:Secrets</c>), so that an error names what to fix.
    /// </summary>
    internal string? SecretsVariable { get; set; }

    /// <summary>
    /// The shortest <see cref="RetainDone"/>: Svix retries a delivery for about 28 hours, and a row purged before its
    /// last retry would be processed twice.
    /// </summary>
    internal static readonly TimeSpan MinRetainDone = TimeSpan.FromDays(2);

    internal static ValidationResult? CheckRange(string name, TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min || value > max
            ? new ValidationResult($"ClerkSync:{name} is {value}; it must be between {min} and {max}.", [name])
            : null;
}

/// <summary>The retry policy: capped exponential backoff with jitter; after <see cref="MaxAttempts"/> a row is dead.</summary>
public sealed class ClerkSyncRetryOptions : IValidatableObject
{
    /// <summary>Gets or sets how many attempts a delivery gets (the first included) before it is dead.</summary>
    /// <value>10.</value>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets the delay after the first failure; each later failure doubles it.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the longest delay between two attempts.</summary>
    /// <value>1 hour.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets a value indicating whether each delay is randomised between half and all of its value.</summary>
    /// <value><see langword="true"/>: spreads retries after an outage.</value>
    public bool UseJitter { get; set; } = true;

    /// <inheritdoc/>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        foreach (var error in new[]
        {
            ClerkSyncOptions.CheckRange("Retry:" + nameof(BaseDelay), BaseDelay, TimeSpan.Zero, TimeSpan.FromDays(1)),
            ClerkSyncOptions.CheckRange("Retry:" + nameof(MaxDelay), MaxDelay, TimeSpan.Zero, TimeSpan.FromDays(7)),
        })
        {
            if (error is not null)
            {
                yield return error;
            }
        }

        if (MaxDelay < BaseDelay)
        {
            yield return new ValidationResult(
                $"ClerkSync:Retry:MaxDelay ({MaxDelay}) must be at least ClerkSync:Retry:BaseDelay ({BaseDelay}).",
                [nameof(MaxDelay), nameof(BaseDelay)]);
        }
    }
}

/// <summary>Which database holds the inbox (and the mirror).</summary>
public sealed class ClerkSyncStorageOptions
{
    /// <summary>
    /// Gets or sets whether this process is a hosting instance that owns the SQLite file (serve, an app): it takes the
    /// file's instance lock. The CLI's other commands (events, mirror, reconcile) run beside serve and do not.
    /// </summary>
    internal bool OwnsDatabase { get; set; } = true;

    /// <summary>The SQLite provider name.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>The PostgreSQL provider name (issue #4: several instances on one database).</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary>Gets or sets the provider: <c>Sqlite</c> (the default) or <c>PostgreSql</c>.</summary>
    /// <value><c>Sqlite</c>.</value>
    [Required]
    public string Provider { get; set; } = Sqlite;

    /// <summary>Gets or sets the connection string (for SQLite also a plain file path).</summary>
    /// <value>Null: for SQLite, <c>clerk-sync.db</c> in the working directory.</value>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets SQLite's <c>synchronous</c> setting: <c>FULL</c> fsyncs the write-ahead log at every commit, so a
    /// 2xx survives power loss; <c>NORMAL</c> survives a crash of the process but not of the machine.
    /// </summary>
    /// <value><c>FULL</c>.</value>
    [AllowedValues("FULL", "NORMAL", "Full", "Normal", "full", "normal")]
    public string Synchronous { get; set; } = "FULL";
}

/// <summary>Validates <see cref="ClerkSyncOptions"/> at start-up (source-generated, AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class ClerkSyncOptionsValidator : IValidateOptions<ClerkSyncOptions>;
