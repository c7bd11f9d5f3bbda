using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ClerkSync.Webhooks;

namespace ClerkSync.BackendApi;

/// <summary>Reads Backend API objects as the typed records webhooks carry, with the same source-generated, lossless JSON.</summary>
public static class ClerkApiJson
{
    /// <summary>Reads one object (a page item, or what <see cref="IClerkBackendApi.GetAsync(ClerkApiResource, string, CancellationToken)"/> returned).</summary>
    /// <typeparam name="T">A Clerk data record (<see cref="UserData"/>, ...): see <see cref="ClerkApiResources.DataTypeOf"/>.</typeparam>
    /// <param name="item">The object.</param>
    /// <returns>The record; fields it does not model ride in its extension data, and explicit nulls are kept for a round trip.</returns>
    /// <exception cref="JsonException">The object does not have the record's shape.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a record of ClerkSync's JSON context.</exception>
    public static T Deserialize<T>(JsonElement item)
        where T : ClerkModel
    {
        var info = (JsonTypeInfo<T>)ClerkJson.Options.GetTypeInfo(typeof(T));
        var raw = JsonMarshal.GetRawUtf8Value(item);
        var record = JsonSerializer.Deserialize(raw, info) ?? throw new JsonException($"A {typeof(T).Name} is null.");
        WireShapeMarker.Mark(raw, record, info);
        return record;
    }
}
