using System.Text.Json;
using System.Text.Json.Nodes;
using ClerkSync.BackendApi;

namespace ClerkSync.TestKit.ClerkApi;

/// <summary>One object of the stand-in's state: the fields it filters and orders by, and its JSON, serialized once.</summary>
/// <param name="Id">The object's id.</param>
/// <param name="CreatedAt">Its <c>created_at</c> (ms): the list order, then <paramref name="Id"/>.</param>
/// <param name="OrganizationId">Its organization (<c>organization_id</c>, or <c>organization.id</c> for a membership).</param>
/// <param name="UserId">Its user (<c>public_user_data.user_id</c> for a membership).</param>
/// <param name="Email">Its <c>email_address</c> (waitlist entries are found by it).</param>
/// <param name="Json">The JSON served, UTF-8.</param>
public sealed record ClerkApiObject(string Id, long CreatedAt, string? OrganizationId, string? UserId, string? Email, byte[] Json)
{
    /// <summary>Gets the object as a fresh, mutable JSON tree.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(Json)!.AsObject();
}

/// <summary>
/// The stand-in's Clerk: a mutable, in-memory set of objects per <see cref="ClerkApiResource"/>, kept in
/// <c>created_at</c> order. Each object is serialized once when it is put, so a page is written from stored bytes and
/// no request serializes the whole state. Thread-safe: tests mutate it while the server serves it.
/// </summary>
public sealed class ClerkApiState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ClerkApiResource, Table> _tables = ClerkApiResources.All.ToDictionary(r => r, _ => new Table());

    /// <summary>Adds an object, or replaces the one with its id. It needs <c>id</c> and <c>created_at</c>; <c>updated_at</c> defaults to <c>created_at</c>.</summary>
    /// <param name="resource">Its list.</param>
    /// <param name="json">The object, as Clerk's spec shapes it (<see cref="ClerkApiObjects"/> builds them).</param>
    /// <returns>The stored object.</returns>
    public ClerkApiObject Put(ClerkApiResource resource, JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.ContainsKey("updated_at") && json["created_at"] is { } created)
        {
            json["updated_at"] = created.DeepClone();
        }

        return Put(resource, JsonSerializer.SerializeToUtf8Bytes(json));
    }

    /// <summary>Adds or replaces an object given as UTF-8 JSON (stored as given).</summary>
    /// <param name="resource">Its list.</param>
    /// <param name="json">The object.</param>
    /// <returns>The stored object.</returns>
    public ClerkApiObject Put(ClerkApiResource resource, byte[] json)
    {
        var stored = Describe(json);
        lock (_lock)
        {
            var table = _tables[resource];
            table.Remove(stored.Id);
            table.Insert(stored);
        }

        return stored;
    }

    /// <summary>Adds many objects at once (sorted once, not per object): how a large state is built quickly.</summary>
    /// <param name="resource">Their list.</param>
    /// <param name="objects">The objects (ids not already present).</param>
    public void PutMany(ClerkApiResource resource, IEnumerable<ClerkApiObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        lock (_lock)
        {
            _tables[resource].AddRange(objects);
        }
    }

    /// <summary>Updates an object in place: <paramref name="change"/> edits a copy, then <c>updated_at</c> is set (unless the change set it) and it is stored.</summary>
    /// <param name="resource">Its list.</param>
    /// <param name="id">Its id.</param>
    /// <param name="updatedAt">The new <c>updated_at</c> (ms).</param>
    /// <param name="change">The edit.</param>
    /// <returns>The stored object.</returns>
    /// <exception cref="KeyNotFoundException">No such object.</exception>
    public ClerkApiObject Update(ClerkApiResource resource, string id, long updatedAt, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var json = (Get(resource, id) ?? throw new KeyNotFoundException($"The stand-in has no {ClerkApiResources.NameOf(resource)} object '{id}'.")).ToJsonObject();
        json["updated_at"] = updatedAt;
        change(json);
        return Put(resource, json);
    }

    /// <summary>Deletes an object; a user's position is remembered so that a cursor on it still works.</summary>
    /// <param name="resource">Its list.</param>
    /// <param name="id">Its id.</param>
    /// <returns><see langword="true"/> when it existed.</returns>
    public bool Delete(ClerkApiResource resource, string id)
    {
        lock (_lock)
        {
            return _tables[resource].Remove(id);
        }
    }

    /// <summary>Gets an object.</summary>
    /// <param name="resource">Its list.</param>
    /// <param name="id">Its id.</param>
    /// <returns>The object, or <see langword="null"/>.</returns>
    public ClerkApiObject? Get(ClerkApiResource resource, string id)
    {
        lock (_lock)
        {
            return _tables[resource].ById.GetValueOrDefault(id);
        }
    }

    /// <summary>Gets how many objects a list holds.</summary>
    /// <param name="resource">The list.</param>
    /// <returns>The count.</returns>
    public int Count(ClerkApiResource resource)
    {
        lock (_lock)
        {
            return _tables[resource].Ordered.Count;
        }
    }

    /// <summary>Gets a snapshot of a list's objects, in <c>created_at</c> order (the expected state of a mirror).</summary>
    /// <param name="resource">The list.</param>
    /// <returns>The objects.</returns>
    public IReadOnlyList<ClerkApiObject> Objects(ClerkApiResource resource)
    {
        lock (_lock)
        {
            return [.. _tables[resource].Ordered];
        }
    }

    /// <summary>Removes every object of every list.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            foreach (var table in _tables.Values)
            {
                table.Clear();
            }
        }
    }

    /// <summary>Selects a page: the objects matching <paramref name="filter"/>, in order, after <paramref name="skip"/> of them.</summary>
    internal (ClerkApiObject[] Items, int Total) Page(ClerkApiResource resource, Func<ClerkApiObject, bool>? filter, bool descending, int skip, int take)
    {
        lock (_lock)
        {
            var ordered = _tables[resource].Ordered;
            if (filter is null)
            {
                var total = ordered.Count;
                var count = Math.Clamp(total - skip, 0, take);
                var items = new ClerkApiObject[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = ordered[descending ? total - 1 - skip - i : skip + i];
                }

                return (items, total);
            }

            var matching = ordered.Where(filter).ToList();
            if (descending)
            {
                matching.Reverse();
            }

            return ([.. matching.Skip(skip).Take(take)], matching.Count);
        }
    }

    /// <summary>Finds where the objects after the one with <paramref name="id"/> start, in the given order; -1 when the id is unknown (never stored).</summary>
    internal int PositionAfter(ClerkApiResource resource, string id, bool descending)
    {
        lock (_lock)
        {
            var table = _tables[resource];
            if (!table.Positions.TryGetValue(id, out var key))
            {
                return -1;
            }

            // The first object ordered after the cursor's (createdAt, id), live or deleted since.
            var index = table.Ordered.BinarySearch(key, Table.Order);
            var after = index >= 0 ? index + 1 : ~index;
            return descending ? table.Ordered.Count - (index >= 0 ? index : ~index) : after;
        }
    }

    private static ClerkApiObject Describe(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var id = Text(root, "id") ?? throw new ArgumentException("A Clerk object needs an 'id'.", nameof(json));
        var createdAt = root.TryGetProperty("created_at", out var c) && c.TryGetInt64(out var ms)
            ? ms
            : throw new ArgumentException($"The stand-in orders by created_at: object '{id}' needs one.", nameof(json));
        var organizationId = Text(root, "organization_id")
            ?? (root.TryGetProperty("organization", out var org) && org.ValueKind == JsonValueKind.Object ? Text(org, "id") : null);
        var userId = root.TryGetProperty("public_user_data", out var user) && user.ValueKind == JsonValueKind.Object ? Text(user, "user_id") : null;
        return new ClerkApiObject(id, createdAt, organizationId, userId, Text(root, "email_address"), json);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One list: objects by id and in (created_at, id) order, and the order key of every id ever stored.</summary>
    private sealed class Table
    {
        public static readonly IComparer<ClerkApiObject> Order = Comparer<ClerkApiObject>.Create(static (a, b) =>
        {
            var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
        });

        public Dictionary<string, ClerkApiObject> ById { get; } = new(StringComparer.Ordinal);

        public List<ClerkApiObject> Ordered { get; } = [];

        /// <summary>Gets the order key of every id ever stored, deleted ones included (a cursor may name one).</summary>
        public Dictionary<string, ClerkApiObject> Positions { get; } = new(StringComparer.Ordinal);

        public void Insert(ClerkApiObject stored)
        {
            var index = Ordered.BinarySearch(stored, Order);
            Ordered.Insert(index >= 0 ? index : ~index, stored);
            ById[stored.Id] = stored;
            Positions[stored.Id] = stored with { Json = [] };
        }

        public void AddRange(IEnumerable<ClerkApiObject> objects)
        {
            foreach (var stored in objects)
            {
                if (!ById.TryAdd(stored.Id, stored))
                {
                    throw new ArgumentException($"The stand-in already has an object '{stored.Id}'; use Put to replace it.", nameof(objects));
                }

                Ordered.Add(stored);
                Positions[stored.Id] = stored with { Json = [] };
            }

            Ordered.Sort(Order);
        }

        public bool Remove(string id)
        {
            if (!ById.Remove(id, out var stored))
            {
                return false;
            }

            Ordered.RemoveAt(Ordered.BinarySearch(stored, Order));
            return true;
        }

        public void Clear()
        {
            ById.Clear();
            Ordered.Clear();
            Positions.Clear();
        }
    }
}
