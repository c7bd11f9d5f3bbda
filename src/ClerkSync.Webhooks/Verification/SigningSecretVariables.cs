namespace ClerkSync.Webhooks;

/// <summary>
/// The environment variables that hold Clerk's signing secret, and how one value holds several (a rotation): the one
/// definition that <c>AddClerkSync</c>, <c>clerk-sync serve</c> and every CLI command read them by (issue #10).
/// </summary>
/// <remarks>
/// Several secrets in one value are separated by commas or whitespace (spaces, tabs, newlines); whitespace around a
/// comma is part of the separator, and leading or trailing whitespace is ignored. An empty entry (<c>a,,b</c>, a leading
/// or trailing comma: typically <c>"$OLD,$NEW"</c> with one of them unset) is kept as an empty string so that the
/// secret check refuses it by position instead of silently dropping it.
/// </remarks>
internal static class SigningSecretVariables
{
    /// <summary>Clerk's official variable name.</summary>
    public const string SigningSecret = "CLERK_WEBHOOK_SIGNING_SECRET";

    /// <summary>The other common name, read when <see cref="SigningSecret"/> holds nothing.</summary>
    public const string Secret = "CLERK_WEBHOOK_SECRET";

    /// <summary>Gets both names, in the order they are read.</summary>
    public static IReadOnlyList<string> Names { get; } = [SigningSecret, Secret];

    /// <summary>
    /// The variable that holds the secrets: the first of <see cref="Names"/> with a non-blank value, else the first that
    /// is set but blank (so that the caller can say it is empty), else none.
    /// </summary>
    /// <param name="lookup">Returns a variable's value, or null when it is not set.</param>
    /// <returns>The variable's name and raw value, or null when neither is set.</returns>
    public static (string Variable, string Value)? Find(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        (string, string)? blank = null;
        foreach (var name in Names)
        {
            if (lookup(name) is { } value)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return (name, value);
                }

                blank ??= (name, value);
            }
        }

        return blank;
    }

    /// <summary>Splits a value into its secrets as described in the remarks; a blank value holds none.</summary>
    /// <param name="value">The raw value.</param>
    /// <returns>The entries, in order, empty strings for empty entries between commas.</returns>
    public static IReadOnlyList<string> Split(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var entries = new List<string>();
        foreach (var part in value.Trim().Split(','))
        {
            var words = part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                entries.Add(string.Empty);
            }
            else
            {
                entries.AddRange(words);
            }
        }

        return entries;
    }

    /// <summary>Names one entry of a value for messages: <c>CLERK_WEBHOOK_SIGNING_SECRET</c> or <c>CLERK_WEBHOOK_SIGNING_SECRET (entry 2 of 3)</c>.</summary>
    /// <param name="source">Where the value came from.</param>
    /// <param name="index">The entry's index, from 0.</param>
    /// <param name="count">How many entries the value holds.</param>
    /// <returns>The name.</returns>
    public static string Describe(string source, int index, int count) =>
        count <= 1 ? source : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{source} (entry {index + 1} of {count})");
}
