using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace ClerkSync.Mirror;

/// <summary>
/// Keeps one command per SQL text per connection so that each statement is parsed (prepared) once per connection:
/// Microsoft.Data.Sqlite re-prepares a new command each time, which would cost more than the work (issue #4, ≥ 20,000
/// events/s). The table is weak: a disposed connection takes its commands with it. A connection is used by one
/// caller at a time, and so are its commands.
/// </summary>
internal static partial class MirrorCommandCache
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Commands = [];

    /// <summary>Gets the command for <paramref name="sql"/> on the transaction's connection, enlisted in it, parameters created.</summary>
    public static DbCommand Get(DbTransaction transaction, string sql)
    {
        var connection = transaction.Connection ?? throw new InvalidOperationException("The transaction has no connection (already committed or rolled back).");
        // Keyed by reference: the SQL texts are MirrorSql's singletons, and hashing a 2 KB upsert per call would cost
        // more than binding it.
        var commands = Commands.GetValue(connection, static _ => new Dictionary<string, DbCommand>(ReferenceEqualityComparer.Instance));
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in ParameterNamesOf(sql))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name; // With the prefix, Microsoft.Data.Sqlite binds without building the name each time.
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            commands[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>Gets the @name parameters of <paramref name="sql"/>, without the @, in order of first appearance.</summary>
    public static IEnumerable<string> ParameterNamesOf(string sql) =>
        ParameterNames().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);

    /// <summary>Sets a parameter (null becomes DBNull).</summary>
    public static void Set(this DbCommand command, string name, object? value) => command.Parameters["@" + name].Value = value ?? DBNull.Value;

    /// <summary>Sets the parameter at <paramref name="index"/> (parameters are created in order of first appearance in the SQL).</summary>
    public static void Set(this DbCommand command, int index, object? value) => command.Parameters[index].Value = value ?? DBNull.Value;

    [GeneratedRegex(@"(?<![:@\w])@(\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterNames();
}
