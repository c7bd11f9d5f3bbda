using ClerkSync.Diagnostics;

namespace OpenTelemetry.Trace;

/// <summary>Adds ClerkSync's spans to an OpenTelemetry tracer provider (issue #13).</summary>
public static class ClerkSyncTracerProviderBuilderExtensions
{
    /// <summary>
    /// Listens to the <c>ClerkSync</c> activity source: <c>clerksync.receive</c> (verify, store) per webhook request and
    /// <c>clerksync.process</c> (parse, handlers, mirror) per processing attempt, linked by svix id.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The builder.</returns>
    public static TracerProviderBuilder AddClerkSyncInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(ClerkSyncTracing.SourceName);
    }
}
