using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A waitlist entry (<c>waitlistEntry.*</c>).</summary>
public sealed record WaitlistEntryData : ClerkModel
{
    /// <summary>Gets the object type (<c>waitlist_entry</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the entry id (<c>wle_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the email address.</summary>
    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public WaitlistEntryStatus? Status { get; init; }

    /// <summary>Gets a value indicating whether a batch action is processing the entry.</summary>
    [JsonPropertyName("is_locked")]
    public bool? IsLocked { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }

    /// <summary>Gets the invitation sent to the entry.</summary>
    [JsonPropertyName("invitation")]
    public InvitationData? Invitation { get; init; }
}
