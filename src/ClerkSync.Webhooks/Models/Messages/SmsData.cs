using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>An SMS message Clerk created (<c>sms.created</c>).</summary>
public sealed record SmsData : ClerkModel
{
    /// <summary>Gets the object type (<c>sms_message</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the message id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the template slug.</summary>
    [JsonPropertyName("slug")]
    public string? Slug { get; init; }

    /// <summary>Gets the sender number.</summary>
    [JsonPropertyName("from_phone_number")]
    public string? FromPhoneNumber { get; init; }

    /// <summary>Gets the recipient number.</summary>
    [JsonPropertyName("to_phone_number")]
    public string? ToPhoneNumber { get; init; }

    /// <summary>Gets the id of the recipient phone number.</summary>
    [JsonPropertyName("phone_number_id")]
    public string? PhoneNumberId { get; init; }

    /// <summary>Gets the user id.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    /// <summary>Gets the text.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>Gets the delivery status.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Gets the template data, as sent.</summary>
    [JsonPropertyName("data")]
    public JsonElement? Data { get; init; }

    /// <summary>Gets a value indicating whether Clerk delivers the message (false: you deliver it).</summary>
    [JsonPropertyName("delivered_by_clerk")]
    public bool DeliveredByClerk { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at_ms")]
    public long? CreatedAtMs { get; init; }
}
