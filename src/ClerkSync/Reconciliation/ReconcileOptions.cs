using System.ComponentModel.DataAnnotations;

namespace ClerkSync.Reconciliation;

/// <summary>
/// Scheduled reconciliation inside the host (issue #16), bound from <c>ClerkSync:Reconcile</c>. Off by default: with no
/// <see cref="Interval"/>, nothing runs by itself (the admin endpoint and <see cref="IClerkReconciler"/> still work).
/// The Backend API's URL, key and pace are the client's own options (<c>ClerkBackendApiOptions</c>: <c>ClerkSync:BackendApi</c>, <c>CLERK_SECRET_KEY</c>).
/// </summary>
public sealed class ReconcileOptions : IValidatableObject
{
    /// <summary>The configuration section: <c>ClerkSync:Reconcile</c>.</summary>
    public const string SectionName = "ClerkSync:Reconcile";

    /// <summary>
    /// Gets or sets how long after the end of one run the next starts (for example <c>1.00:00:00</c>, nightly). The last
    /// end is read from the database, so a restart does not run again early; an interrupted run is continued soon after
    /// start-up.
    /// </summary>
    /// <value>Null: no schedule.</value>
    public TimeSpan? Interval { get; set; }

    /// <summary>Gets or sets the resources a scheduled run reconciles (<c>users</c>, <c>organizations</c>, ...).</summary>
    /// <value>Empty: every resource.</value>
    public IList<string> Resources { get; set; } = [];

    /// <summary>Gets or sets how long after start-up a due or interrupted run begins (leaves start-up to the inbox).</summary>
    /// <value>1 minute.</value>
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc/>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (Interval is { } interval && ClerkSyncOptions.CheckRange("Reconcile:" + nameof(Interval), interval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365)) is { } error)
        {
            yield return error;
        }

        if (ClerkSyncOptions.CheckRange("Reconcile:" + nameof(StartDelay), StartDelay, TimeSpan.Zero, TimeSpan.FromDays(1)) is { } delay)
        {
            yield return delay;
        }

        foreach (var name in Resources)
        {
            if (ReconcileResource.Find(name) is null)
            {
                yield return new ValidationResult($"ClerkSync:Reconcile:Resources: '{name}' is not a reconciled resource. Use {ReconcileResource.Names}.", [nameof(Resources)]);
            }
        }
    }

    /// <summary>Gets the request a scheduled run makes.</summary>
    internal ReconcileRequest ToRequest() => new() { Resources = [.. Resources.Select(n => ReconcileResource.Find(n)!.Resource)] };
}

/// <summary>Validates <see cref="ReconcileOptions"/> at start-up (source-generated).</summary>
[Microsoft.Extensions.Options.OptionsValidator]
internal sealed partial class ReconcileOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<ReconcileOptions>;
