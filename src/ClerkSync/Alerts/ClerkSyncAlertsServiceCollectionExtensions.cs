using ClerkSync.Diagnostics;
using ClerkSync.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClerkSync.Alerts;

/// <summary>Registers the alerts (issue #13); AddClerkSync calls it.</summary>
internal static class ClerkSyncAlertsServiceCollectionExtensions
{
    /// <summary>The tag <c>MapClerkSyncHealth</c> selects: the alert checks are part of <c>/healthz</c>.</summary>
    public const string HealthTag = "clerksync";

    /// <summary>
    /// Adds the three alert health checks (with their own names, run in the background every
    /// <see cref="ClerkSyncAlertOptions.CheckInterval"/> as well as by <c>/healthz</c>), the publisher that de-duplicates
    /// them, and the log and webhook sinks. Options from <c>ClerkSync:Alerts</c>. Idempotent.
    /// </summary>
    public static IServiceCollection AddClerkSyncAlerts(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AlertState)))
        {
            return services;
        }

        services.AddOptions<ClerkSyncAlertOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(ClerkSyncAlertOptions.SectionName).Bind(o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClerkSyncAlertOptions>, ClerkSyncAlertOptionsValidator>());
        services.AddSingleton<AlertState>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClerkSyncAlertSink, LogAlertSink>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClerkSyncAlertSink, WebhookAlertSink>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, AlertPublisher>());

        // Registrations are made when the health-check options are built, so that the alert options (failure status,
        // interval) are read from configuration first.
        services.AddHealthChecks();
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(sp => new ConfigureOptions<HealthCheckServiceOptions>(o =>
        {
            var alerts = sp.GetRequiredService<IOptions<ClerkSyncAlertOptions>>().Value;
            void Add(string name, Func<IServiceProvider, IHealthCheck> create) =>
                o.Registrations.Add(new HealthCheckRegistration(name, create, alerts.FailureStatus, [HealthTag, AlertPublisher.Tag])
                {
                    Period = alerts.CheckInterval,
                    Delay = TimeSpan.FromSeconds(1),
                });

            Add(DeadDeliveriesHealthCheck.Name, s => new DeadDeliveriesHealthCheck(s.GetRequiredService<IClerkSyncStorage>(), s.GetRequiredService<IOptions<ClerkSyncAlertOptions>>(), s.GetRequiredService<TimeProvider>()));
            Add(ProcessingLagHealthCheck.Name, s => new ProcessingLagHealthCheck(s.GetRequiredService<InboxStatsSnapshot>(), s.GetRequiredService<IOptions<ClerkSyncAlertOptions>>()));
            Add(SilenceHealthCheck.Name, s => new SilenceHealthCheck(s.GetRequiredService<IClerkSyncStorage>(), s.GetRequiredService<IOptions<ClerkSyncAlertOptions>>(), s.GetRequiredService<AlertState>(), s.GetRequiredService<TimeProvider>()));
        }));
        return services;
    }
}
