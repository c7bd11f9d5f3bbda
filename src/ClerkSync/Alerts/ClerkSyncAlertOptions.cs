using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClerkSync.Alerts;

/// <summary>
/// Alerts (issue #13), bound from <c>ClerkSync:Alerts</c>: three health checks beside the storage check (dead
/// deliveries in a window, processing lag, silence) that turn <c>/healthz</c> Degraded, and sinks that are told once
/// when a condition starts and once when it clears.
/// </summary>
public sealed class ClerkSyncAlertOptions
{
    /// <summary>The configuration section: <c>ClerkSync:Alerts</c>.</summary>
    public const string SectionName = "ClerkSync:Alerts";

    /// <summary>Gets or sets how many deliveries may become dead within <see cref="DeadWindow"/> before it alerts.</summary>
    /// <value>0: any dead delivery alerts (a dead delivery is data that did not sync).</value>
    [Range(0, 1_000_000)]
    public int MaxDead { get; set; }

    /// <summary>Gets or sets the window <see cref="MaxDead"/> counts over.</summary>
    /// <value>1 hour.</value>
    public TimeSpan DeadWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the processing lag (age of the oldest due delivery) above which it alerts.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long without any delivery it alerts: the endpoint Svix disabled, a rotated secret, a DNS change.
    /// Set it to what your traffic makes unusual (an app with a delivery a minute: <c>00:30:00</c>).
    /// </summary>
    /// <value>Null: off (a quiet app is not a broken one).</value>
    public TimeSpan? MaxSilence { get; set; }

    /// <summary>Gets or sets how often the alert checks run in the background (for the sinks; <c>/healthz</c> runs them on each request).</summary>
    /// <value>30 seconds.</value>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the status a failing alert check reports.</summary>
    /// <value><see cref="HealthStatus.Degraded"/>: /healthz stays 200, so a load balancer keeps the instance (it still stores deliveries).</value>
    public HealthStatus FailureStatus { get; set; } = HealthStatus.Degraded;

    /// <summary>
    /// Gets or sets a webhook that receives each alert as a JSON POST, Slack-compatible (<c>{"text": ...}</c>, plus a
    /// <c>clerksync</c> object with the check, status and description).
    /// </summary>
    /// <value>Null: alerts go to the log only.</value>
    public Uri? WebhookUrl { get; set; }
}

/// <summary>Validates <see cref="ClerkSyncAlertOptions"/> at start-up.</summary>
internal sealed class ClerkSyncAlertOptionsValidator : IValidateOptions<ClerkSyncAlertOptions>
{
    public ValidateOptionsResult Validate(string? name, ClerkSyncAlertOptions options)
    {
        var errors = new List<string>();
        void Range(string option, TimeSpan? value, TimeSpan min, TimeSpan max)
        {
            if (ClerkSyncOptions.CheckRange("Alerts:" + option, value ?? min, min, max) is { } error)
            {
                errors.Add(error.ErrorMessage!);
            }
        }

        Range(nameof(options.DeadWindow), options.DeadWindow, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        Range(nameof(options.MaxLag), options.MaxLag, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        Range(nameof(options.MaxSilence), options.MaxSilence, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        Range(nameof(options.CheckInterval), options.CheckInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        if (options.MaxDead < 0)
        {
            errors.Add("ClerkSync:Alerts:MaxDead must be 0 or more.");
        }

        if (options.FailureStatus == HealthStatus.Healthy)
        {
            errors.Add("ClerkSync:Alerts:FailureStatus must be Degraded or Unhealthy.");
        }

        if (options.WebhookUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            errors.Add("ClerkSync:Alerts:WebhookUrl must be an absolute http or https URL.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
