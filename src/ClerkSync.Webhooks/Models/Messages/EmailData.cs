using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>An email Clerk created (<c>email.created</c>); the full HTML body is included.</summary>
public sealed record EmailData : ClerkModel
{
    /// <summary>Gets the email id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the object type (<c>email</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the template slug.</summary>
    [JsonPropertyName("slug")]
    public string? Slug { get; init; }

    /// <summary>Gets the sender name.</summary>
    [JsonPropertyName("from_email_name")]
    public string? FromEmailName { get; init; }

    /// <summary>Gets the reply-to name.</summary>
    [JsonPropertyName("reply_to_email_name")]
    public string? ReplyToEmailName { get; init; }

    /// <summary>Gets the recipient address.</summary>
    [JsonPropertyName("to_email_address")]
    public string? ToEmailAddress { get; init; }

    /// <summary>Gets the id of the recipient email address.</summary>
    [JsonPropertyName("email_address_id")]
    public string? EmailAddressId { get; init; }

    /// <summary>Gets the user id.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    /// <summary>Gets the subject.</summary>
    [JsonPropertyName("subject")]
    public string? Subject { get; init; }

    /// <summary>Gets the HTML body.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>Gets the plain-text body.</summary>
    [JsonPropertyName("body_plain")]
    public string? BodyPlain { get; init; }

    /// <summary>Gets the delivery status.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Gets the template data, as sent.</summary>
    [JsonPropertyName("data")]
    public JsonElement? Data { get; init; }

    /// <summary>Gets a value indicating whether Clerk delivers the email (false: you deliver it).</summary>
    [JsonPropertyName("delivered_by_clerk")]
    public bool DeliveredByClerk { get; init; }
}
