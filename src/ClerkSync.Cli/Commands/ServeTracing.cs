using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// Traces in <c>clerk-sync serve</c> (issue #13): ClerkSync's spans exported over OTLP when an endpoint is configured,
/// <c>ClerkSync:Tracing:OtlpEndpoint</c> (with <c>ClerkSync:Tracing:OtlpProtocol</c>, <c>grpc</c> or
/// <c>http/protobuf</c>) or OpenTelemetry's own <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; otherwise no tracing at all.
/// </summary>
internal static class ServeTracing
{
    /// <summary>Adds tracing to <paramref name="telemetry"/> when an OTLP endpoint is configured; returns where it exports, or null.</summary>
    public static string? Add(OpenTelemetryBuilder telemetry, IConfiguration configuration)
    {
        var endpoint = configuration["ClerkSync:Tracing:OtlpEndpoint"];
        var standard = configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(standard))
        {
            return null;
        }

        var protocol = configuration["ClerkSync:Tracing:OtlpProtocol"];
        telemetry.WithTracing(t => t.AddClerkSyncInstrumentation().AddOtlpExporter(o =>
        {
            if (!string.IsNullOrWhiteSpace(endpoint))
            {
                // An explicit endpoint is used as given (http/protobuf: the full /v1/traces URL).
                o.Endpoint = new Uri(endpoint);
                o.Protocol = string.Equals(protocol, "grpc", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            }
        }));
        return endpoint ?? standard;
    }
}
