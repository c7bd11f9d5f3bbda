using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>One of a user's phone numbers.</summary>
public sealed record PhoneNumber : ClerkModel
{
    /// <summary>Gets the id (<c>idn_...</c>).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object type (<c>phone_number</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the number.</summary>
    [JsonPropertyName("phone_number")]
    public string? Number { get; init; }

    /// <summary>Gets a value indicating whether the number is reserved for second-factor authentication.</summary>
    [JsonPropertyName("reserved_for_second_factor")]
    public bool? ReservedForSecondFactor { get; init; }

    /// <summary>Gets a value indicating whether the number is the default second factor.</summary>
    [JsonPropertyName("default_second_factor")]
    public bool? DefaultSecondFactor { get; init; }

    /// <summary>Gets a value indicating whether the number is reserved.</summary>
    [JsonPropertyName("reserved")]
    public bool Reserved { get; init; }

    /// <summary>Gets the verification.</summary>
    [JsonPropertyName("verification")]
    public Verification? Verification { get; init; }

    /// <summary>Gets the external accounts this identification is linked to.</summary>
    [JsonPropertyName("linked_to")]
    public IReadOnlyList<IdentificationLink>? LinkedTo { get; init; }

    /// <summary>Gets the backup codes.</summary>
    [JsonPropertyName("backup_codes")]
    public IReadOnlyList<string>? BackupCodes { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }
}
