using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>One of a user's email addresses.</summary>
public sealed record EmailAddress : ClerkModel
{
    /// <summary>Gets the id (<c>idn_...</c>).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object type (<c>email_address</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the address.</summary>
    [JsonPropertyName("email_address")]
    public string? Address { get; init; }

    /// <summary>Gets a value indicating whether the address is reserved.</summary>
    [JsonPropertyName("reserved")]
    public bool Reserved { get; init; }

    /// <summary>Gets the verification.</summary>
    [JsonPropertyName("verification")]
    public Verification? Verification { get; init; }

    /// <summary>Gets the external accounts this identification is linked to.</summary>
    [JsonPropertyName("linked_to")]
    public IReadOnlyList<IdentificationLink>? LinkedTo { get; init; }

    /// <summary>Gets a value indicating whether the domain matches an active enterprise connection.</summary>
    [JsonPropertyName("matches_sso_connection")]
    public bool? MatchesSsoConnection { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }
}
