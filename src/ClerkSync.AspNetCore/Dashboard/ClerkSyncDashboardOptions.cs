using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>The dashboard's options (issue #13), bound from <c>ClerkSync:Dashboard</c>.</summary>
public sealed class ClerkSyncDashboardOptions
{
    /// <summary>The configuration section: <c>ClerkSync:Dashboard</c>.</summary>
    public const string SectionName = "ClerkSync:Dashboard";

    /// <summary>
    /// Gets or sets an access token. When set, every dashboard page asks for it once (a sign-in form that sets an
    /// HttpOnly, SameSite=Strict cookie) or takes it as <c>Authorization: Bearer</c>, from loopback and remote clients
    /// alike. <c>clerk-sync serve</c> serves the dashboard on a non-loopback address only when it is set.
    /// </summary>
    /// <value>Null: no token; the dashboard then answers loopback requests, or whatever the app's policy allows.</value>
    [StringLength(1024, MinimumLength = 16)]
    public string? AccessToken { get; set; }

    /// <summary>Gets or sets how many deliveries a page lists.</summary>
    /// <value>50.</value>
    [Range(10, 500)]
    public int PageSize { get; set; } = 50;

    /// <summary>Gets or sets how often the Deliveries page polls for new rows; zero turns live updates off.</summary>
    /// <value>3 seconds.</value>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>Validates <see cref="ClerkSyncDashboardOptions"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class ClerkSyncDashboardOptionsValidator : IValidateOptions<ClerkSyncDashboardOptions>;
