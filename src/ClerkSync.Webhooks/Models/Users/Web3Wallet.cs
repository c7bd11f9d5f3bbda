using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>One of a user's Web3 wallets.</summary>
public sealed record Web3Wallet : ClerkModel
{
    /// <summary>Gets the id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the object type (<c>web3_wallet</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>Gets the wallet address.</summary>
    [JsonPropertyName("web3_wallet")]
    public string? Address { get; init; }

    /// <summary>Gets the verification.</summary>
    [JsonPropertyName("verification")]
    public Verification? Verification { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }
}
