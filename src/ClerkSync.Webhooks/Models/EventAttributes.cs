using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The envelope's <c>event_attributes</c>: where the change that raised the event came from.</summary>
public sealed record EventAttributes : ClerkModel
{
    /// <summary>Gets the HTTP request that caused the event, when there was one.</summary>
    [JsonPropertyName("http_request")]
    public HttpRequestAttributes? HttpRequest { get; init; }
}

/// <summary>The <c>event_attributes.http_request</c> of an event.</summary>
public sealed record HttpRequestAttributes : ClerkModel
{
    /// <summary>Gets the client's IP address.</summary>
    [JsonPropertyName("client_ip")]
    public string? ClientIp { get; init; }

    /// <summary>Gets the client's user agent.</summary>
    [JsonPropertyName("user_agent")]
    public string? UserAgent { get; init; }
}
