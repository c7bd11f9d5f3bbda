using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A session, with the user it belongs to (<c>session.*</c>).</summary>
public sealed record SessionData : ClerkModel
{
    /// <summary>Gets the session id (<c>sess_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the object type (<c>session</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the user id.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    /// <summary>Gets the client id (<c>client_...</c>).</summary>
    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    /// <summary>Gets the impersonating actor, when the session is an impersonation.</summary>
    [JsonPropertyName("actor")]
    public JsonElement? Actor { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public SessionStatus? Status { get; init; }

    /// <summary>Gets the last active organization id.</summary>
    [JsonPropertyName("last_active_organization_id")]
    public string? LastActiveOrganizationId { get; init; }

    /// <summary>Gets when the session was last active, in Unix milliseconds.</summary>
    [JsonPropertyName("last_active_at")]
    public long LastActiveAt { get; init; }

    /// <summary>Gets the latest activity (device, browser, location).</summary>
    [JsonPropertyName("latest_activity")]
    public SessionActivity? LatestActivity { get; init; }

    /// <summary>Gets when the session expires, in Unix milliseconds.</summary>
    [JsonPropertyName("expire_at")]
    public long ExpireAt { get; init; }

    /// <summary>Gets when the session is abandoned, in Unix milliseconds.</summary>
    [JsonPropertyName("abandon_at")]
    public long AbandonAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets the user.</summary>
    [JsonPropertyName("user")]
    public UserData? User { get; init; }
}
