using System.Text.Json;
using ClerkSync.Webhooks;

namespace ClerkSync.BackendApi;

/// <summary>One page of a listing, as Clerk returned it.</summary>
/// <remarks>
/// The items are the raw JSON objects, applied to the mirror exactly as a webhook's <c>data</c>. They belong to one
/// document per page that no pool owns (the page is parsed once and detached): an item stays valid for as long as it
/// is referenced, and there is nothing to dispose.
/// </remarks>
/// <param name="Resource">The list the page is from.</param>
/// <param name="Items">The objects, in Clerk's order (oldest first: the client asks for <c>+created_at</c>).</param>
/// <param name="Next">Where the next page starts (a checkpoint), or <see langword="null"/> on the last page.</param>
/// <param name="TotalCount">Clerk's <c>total_count</c> for the offset-paged lists; <see langword="null"/> for users (Clerk sends none).</param>
public sealed record ClerkApiPage(ClerkApiResource Resource, IReadOnlyList<JsonElement> Items, ClerkListCursor? Next, long? TotalCount)
{
    /// <summary>Reads the items as the typed records the webhooks carry (<see cref="UserData"/>, <see cref="OrganizationData"/>, ...).</summary>
    /// <typeparam name="T">The record type; <see cref="ClerkApiResources.DataTypeOf"/> gives the one for <see cref="Resource"/>.</typeparam>
    /// <returns>The records, in page order; fields the record does not model ride in its extension data.</returns>
    /// <exception cref="JsonException">An item does not have the record's shape.</exception>
    public IReadOnlyList<T> Deserialize<T>()
        where T : ClerkModel
    {
        var records = new T[Items.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = ClerkApiJson.Deserialize<T>(Items[i]);
        }

        return records;
    }
}
