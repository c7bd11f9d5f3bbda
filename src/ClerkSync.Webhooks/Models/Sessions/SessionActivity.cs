using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>The latest activity of a session.</summary>
public sealed record SessionActivity : ClerkModel
{
    /// <summary>Gets the object type (<c>session_activity</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the device type.</summary>
    [JsonPropertyName("device_type")]
    public string? DeviceType { get; init; }

    /// <summary>Gets a value indicating whether the device is mobile.</summary>
    [JsonPropertyName("is_mobile")]
    public bool IsMobile { get; init; }

    /// <summary>Gets the browser name.</summary>
    [JsonPropertyName("browser_name")]
    public string? BrowserName { get; init; }

    /// <summary>Gets the browser version.</summary>
    [JsonPropertyName("browser_version")]
    public string? BrowserVersion { get; init; }

    /// <summary>Gets the IP address.</summary>
    [JsonPropertyName("ip_address")]
    public string? IpAddress { get; init; }

    /// <summary>Gets the city.</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }

    /// <summary>Gets the country.</summary>
    [JsonPropertyName("country")]
    public string? Country { get; init; }
}
