using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>
/// The thin object a delete event carries (<c>user.deleted</c>, <c>organization.deleted</c>,
/// <c>organizationDomain.deleted</c>): no <c>updated_at</c>, so order deletes by the envelope's timestamp.
/// </summary>
public sealed record DeletedObjectData : ClerkModel
{
    /// <summary>Gets the type of the deleted object (<c>user</c>, <c>organization</c>, ...).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the id of the deleted object.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the slug of the deleted object (organizations).</summary>
    [JsonPropertyName("slug")]
    public string? Slug { get; init; }

    /// <summary>Gets a value indicating whether the object was deleted (always <see langword="true"/>).</summary>
    [JsonPropertyName("deleted")]
    public bool Deleted { get; init; }

    /// <summary>Gets the external id of the deleted object (users).</summary>
    [JsonPropertyName("external_id")]
    public string? ExternalId { get; init; }
}
