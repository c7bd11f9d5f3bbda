using System.Reflection;

namespace ClerkSync.Cli.Sending;

/// <summary>One example payload: Clerk's OpenAPI example for an event type.</summary>
internal sealed record Sample(string Type, string Name, byte[] Json);

/// <summary>
/// The example events embedded in the tool (src/ClerkSync.Cli/Examples/&lt;type&gt;/*.json, resource names
/// <c>samples/&lt;type&gt;/&lt;file&gt;.json</c>): one or more per catalog type, in type order.
/// </summary>
internal static class SampleCatalog
{
    private const string ResourcePrefix = "samples/";

    private static readonly Lazy<IReadOnlyList<Sample>> LazySamples = new(Load);

    public static IReadOnlyList<Sample> All => LazySamples.Value;

    public static IReadOnlyList<string> Types => [.. All.Select(s => s.Type).Distinct(StringComparer.Ordinal)];

    /// <summary>The samples of one type, or an empty list when the catalog has none.</summary>
    public static IReadOnlyList<Sample> OfType(string type) => [.. All.Where(s => string.Equals(s.Type, type, StringComparison.Ordinal))];

    private static List<Sample> Load()
    {
        var assembly = typeof(SampleCatalog).Assembly;
        var samples = new List<Sample>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            // samples/<type>/<file>.json; the separator is / or \ depending on the machine that built the tool.
            var normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !normalized.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = normalized[ResourcePrefix.Length..].Split('/');
            if (parts.Length != 2)
            {
                continue;
            }

            samples.Add(new(parts[0], Path.GetFileNameWithoutExtension(parts[1]), Read(assembly, name)));
        }

        samples.Sort((a, b) => string.CompareOrdinal(a.Type + "/" + a.Name, b.Type + "/" + b.Name));
        return samples;
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
