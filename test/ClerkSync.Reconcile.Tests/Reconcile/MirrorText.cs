using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClerkSync.BackendApi;
using ClerkSync.Mirror.Schema;
using ClerkSync.Reconciliation;
using ClerkSync.TestKit.ClerkApi;

namespace ClerkSync.Reconcile.Tests.Reconcile;

/// <summary>
/// The mirror's Clerk data as sorted text, one line per row: id, every typed column, <c>data</c> (canonical JSON:
/// PostgreSQL's jsonb reorders keys) and <c>version</c>, for the live rows that hold Clerk's data (not tombstones, not
/// stubs). Built either from the database or, independently of the projection, from the stand-in's objects with the
/// catalog's column definitions: equal texts mean the mirror holds Clerk's state, column for column.
/// </summary>
internal static class MirrorText
{
    private static readonly (MirrorTable Table, string Array)[] UserChildren =
    [
        (MirrorCatalog.UserEmailAddressesTable, "email_addresses"),
        (MirrorCatalog.UserPhoneNumbersTable, "phone_numbers"),
        (MirrorCatalog.UserExternalAccountsTable, "external_accounts"),
    ];

    public static async Task<string> FromDatabaseAsync(DbConnection connection, IReadOnlyCollection<ClerkApiResource> resources, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var table in TablesOf(resources))
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"SELECT id, {string.Join(", ", table.Columns.Select(c => c.Name))}, data, version FROM {table.Name} " +
                "WHERE deleted_at IS NULL AND NOT stub";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var line = new StringBuilder(table.Name).Append(" | ").Append(reader.GetString(0));
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    var column = table.Columns[i];
                    line.Append(" | ").Append(column.Name).Append('=').Append(Normalize(column.Type, reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1)));
                }

                var n = table.Columns.Count + 1;
                line.Append(" | data=").Append(reader.IsDBNull(n) ? "null" : Canonical(reader.GetString(n)));
                line.Append(" | version=").Append(Convert.ToInt64(reader.GetValue(n + 1), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                lines.Add(line.ToString());
            }
        }

        return Join(lines);
    }

    public static string FromState(ClerkApiState state, IReadOnlyCollection<ClerkApiResource> resources)
    {
        var lines = new List<string>();
        foreach (var resource in resources)
        {
            var table = ReconcileResource.Of(resource).Table;
            foreach (var stored in state.Objects(resource))
            {
                using var document = JsonDocument.Parse(stored.Json);
                var root = document.RootElement;
                var version = root.GetProperty("updated_at").GetInt64();
                lines.Add(Line(table, stored.Id, root, default, version));
                if (resource != ClerkApiResource.Users)
                {
                    continue;
                }

                foreach (var (child, array) in UserChildren)
                {
                    if (root.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in items.EnumerateArray())
                        {
                            lines.Add(Line(child, item.GetProperty("id").GetString()!, item, root, version));
                        }
                    }
                }
            }
        }

        return Join(lines);
    }

    public static IReadOnlyList<MirrorTable> TablesOf(IReadOnlyCollection<ClerkApiResource> resources) =>
        [.. resources.Select(r => ReconcileResource.Of(r).Table), .. resources.Contains(ClerkApiResource.Users) ? UserChildren.Select(c => c.Table) : []];

    /// <summary>JSON with object keys sorted, no whitespace.</summary>
    public static string Canonical(string json) => Sorted(JsonNode.Parse(json))?.ToJsonString() ?? "null";

    private static string Line(MirrorTable table, string id, JsonElement obj, JsonElement parent, long version)
    {
        var line = new StringBuilder(table.Name).Append(" | ").Append(id);
        foreach (var column in table.Columns)
        {
            line.Append(" | ").Append(column.Name).Append('=').Append(Normalize(column.Type, column.Read(obj, parent)));
        }

        return line.Append(" | data=").Append(Canonical(obj.GetRawText())).Append(" | version=").Append(version.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    private static string Normalize(MirrorColumnType type, object? value) => value switch
    {
        null => "null",
        _ when type == MirrorColumnType.Boolean => value is bool b ? (b ? "true" : "false") : (Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0 ? "true" : "false"),
        _ when type == MirrorColumnType.Int64 => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        string json when type == MirrorColumnType.Json => Canonical(json),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };

    private static string Join(List<string> lines)
    {
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }
}
