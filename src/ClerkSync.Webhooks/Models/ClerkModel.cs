using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>
/// The base of every Clerk data record: keeps the fields this version does not model, so that a record read from a
/// payload and written back loses nothing.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> prints only the record's type name: payloads hold personal data, which must not reach logs by
/// accident.
/// </remarks>
public abstract record ClerkModel : IWireShape
{
    /// <summary>Gets or sets the fields this version does not model, as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <inheritdoc/>
    ulong IWireShape.WireShape { get; set; }

    /// <summary>Returns the record's type name only (no field values: they may be personal data).</summary>
    /// <returns>The type name.</returns>
    public sealed override string ToString() => GetType().Name;
}
