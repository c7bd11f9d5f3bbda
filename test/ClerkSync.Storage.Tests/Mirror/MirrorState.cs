using System.Data.Common;
using System.Globalization;
using System.Text;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;

namespace ClerkSync.Storage.Tests.Mirror;

/// <summary>Applies deliveries in one transaction and reads the whole mirror back as text, one line per row.</summary>
internal static class MirrorState
{
    /// <summary>Applies <paramref name="deliveries"/> in order, dumps every mirror table, and rolls back.</summary>
    public static async Task<string> ProjectAsync(DbConnection connection, MirrorProjection projection, IEnumerable<Delivery> deliveries)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var delivery in deliveries)
        {
            await projection.ApplyAsync(Encoding.UTF8.GetBytes(delivery.Json), delivery.WebhookId, transaction);
        }

        var state = await DumpAsync(transaction);
        await transaction.RollbackAsync();
        return state;
    }

    /// <summary>Every row of every mirror table, all columns, ordered by table and id.</summary>
    public static async Task<string> DumpAsync(DbTransaction transaction)
    {
        // One command, one result set per table: a single round trip.
        var text = new StringBuilder();
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Join(";\n", MirrorCatalog.All.Select(t => $"SELECT '{t.Name}', * FROM {t.Name} ORDER BY id"));
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                text.Append(reader.GetString(0));
                for (var i = 1; i < reader.FieldCount; i++)
                {
                    text.Append(" | ").Append(reader.GetName(i)).Append('=').Append(Format(reader.GetValue(i)));
                }

                text.Append('\n');
            }
        }
        while (await reader.NextResultAsync());

        return text.ToString();
    }

    /// <summary>Reads one row as column → value (booleans as 0/1), or null.</summary>
    public static async Task<Dictionary<string, object?>?> RowAsync(DbConnection connection, string table, string id)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} WHERE id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var value = reader.GetValue(i);
            row[reader.GetName(i)] = value switch
            {
                DBNull => null,
                bool b => b ? 1L : 0L,
                int n => (long)n,
                _ => value,
            };
        }

        return row;
    }

    private static string Format(object value) => value switch
    {
        DBNull => "null",
        bool b => b ? "1" : "0",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
