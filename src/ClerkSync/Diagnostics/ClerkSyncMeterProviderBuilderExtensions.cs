using ClerkSync.Diagnostics;

namespace OpenTelemetry.Metrics;

/// <summary>Adds ClerkSync's meter to OpenTelemetry.</summary>
public static class ClerkSyncMeterProviderBuilderExtensions
{
    /// <summary>Collects the <c>ClerkSync</c> meter (deliveries received, rejected, duplicates; inbox processed, retried, dead, backlog, oldest due age).</summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The builder.</returns>
    public static MeterProviderBuilder AddClerkSyncInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(ClerkSyncMetrics.MeterName);
    }
}
