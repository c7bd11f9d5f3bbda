using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClerkSync.Alerts;

/// <summary>Writes alerts to the log (always registered): event 5100 when a condition starts, 5101 when it clears.</summary>
internal sealed class LogAlertSink(ILogger<LogAlertSink> logger) : IClerkSyncAlertSink
{
    public Task SendAsync(ClerkSyncAlert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Cleared)
        {
            AlertLog.Cleared(logger, alert.Check, alert.Description);
        }
        else
        {
            AlertLog.Raised(logger, alert.Check, alert.Status.ToString(), alert.Description);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// POSTs alerts as JSON to <see cref="ClerkSyncAlertOptions.WebhookUrl"/>, Slack-compatible: <c>{"text": "...",
/// "clerksync": {"check", "status", "description", "at", "cleared"}}</c>. Anything but a 2xx is a failure (logged,
/// offered again at the next check). Without a URL it does nothing.
/// </summary>
internal sealed class WebhookAlertSink : IClerkSyncAlertSink, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri? _url;

    public WebhookAlertSink(IOptions<ClerkSyncAlertOptions> options)
    {
        _url = options.Value.WebhookUrl;

        // One long-lived client; connections are recycled so that a DNS change of the webhook's host is followed.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task SendAsync(ClerkSyncAlert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (_url is null)
        {
            return;
        }

        using var content = new ByteArrayContent(Body(alert));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await _http.PostAsync(_url, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The alert webhook answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }

    public void Dispose() => _http.Dispose();

    internal static byte[] Body(ClerkSyncAlert alert)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("text", alert.Text);
            json.WriteStartObject("clerksync");
            json.WriteString("check", alert.Check);
            json.WriteString("status", alert.Status.ToString());
            json.WriteString("description", alert.Description);
            json.WriteString("at", alert.At);
            json.WriteBoolean("cleared", alert.Cleared);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

/// <summary>The alert log messages: check names and figures only.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(Diagnostics.ClerkSyncEventId.AlertRaised, LogLevel.Warning, "Alert {Check} ({Status}): {Description}")]
    public static partial void Raised(ILogger logger, string check, string status, string description);

    [LoggerMessage(Diagnostics.ClerkSyncEventId.AlertCleared, LogLevel.Information, "Alert {Check} cleared: {Description}")]
    public static partial void Cleared(ILogger logger, string check, string description);

    [LoggerMessage(Diagnostics.ClerkSyncEventId.AlertSinkFailed, LogLevel.Warning, "Alert sink {Sink} could not deliver {Check} ({Error}); it is offered again at the next check")]
    public static partial void SinkFailed(ILogger logger, string sink, string check, string error);
}
