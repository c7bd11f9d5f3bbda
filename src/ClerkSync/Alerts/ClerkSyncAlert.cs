using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClerkSync.Alerts;

/// <summary>An alert: a ClerkSync condition started (or cleared).</summary>
/// <param name="Check">The health check's name (<c>clerksync-dead</c>, <c>clerksync-lag</c>, <c>clerksync-silence</c>).</param>
/// <param name="Status">The check's status now (Healthy when cleared).</param>
/// <param name="Description">What is wrong, in a sentence with the figures (never a payload).</param>
/// <param name="At">When it was seen.</param>
/// <param name="Cleared">True when the condition ended.</param>
public sealed record ClerkSyncAlert(string Check, HealthStatus Status, string Description, DateTimeOffset At, bool Cleared)
{
    /// <summary>Gets the alert as one line of text (Slack's <c>text</c>).</summary>
    public string Text => Cleared
        ? $"ClerkSync: {Check} cleared ({Description})"
        : $"ClerkSync {Status}: {Check}: {Description}";
}

/// <summary>Receives alerts (issue #13): told once when a condition starts and once when it clears.</summary>
public interface IClerkSyncAlertSink
{
    /// <summary>Delivers an alert; a throw is logged and the alert is offered again at the next check.</summary>
    Task SendAsync(ClerkSyncAlert alert, CancellationToken cancellationToken = default);
}
