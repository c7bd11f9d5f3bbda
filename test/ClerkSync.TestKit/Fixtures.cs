namespace ClerkSync.TestKit;

/// <summary>Loads the committed payload fixtures: <c>src/ClerkSync.Cli/Examples/&lt;event.type&gt;/&lt;case&gt;.json</c>.</summary>
public static class Fixtures
{
    /// <summary>Gets every fixture as (event type, case name), sorted; a new file is a new theory case.</summary>
    public static IReadOnlyList<(string EventType, string Case)> All { get; } =
        [.. Directory.EnumerateFiles(RepositoryPaths.Resources, "*.json", SearchOption.AllDirectories)
            .Select(path => (Path.GetFileName(Path.GetDirectoryName(path)!), Path.GetFileNameWithoutExtension(path)))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)
            .ThenBy(f => f.Item2, StringComparer.Ordinal)];

    /// <summary>Gets the path of a fixture.</summary>
    /// <param name="eventType">The event type folder (<c>user.created</c>).</param>
    /// <param name="name">The case (file name without <c>.json</c>); <c>openapi</c> by default.</param>
    /// <returns>The full path.</returns>
    public static string PathOf(string eventType, string name = "openapi") =>
        Path.Combine(RepositoryPaths.Resources, eventType, name + ".json");

    /// <summary>Reads a fixture's bytes.</summary>
    /// <param name="eventType">The event type folder (<c>user.created</c>).</param>
    /// <param name="name">The case; <c>openapi</c> by default.</param>
    /// <returns>The bytes as committed.</returns>
    public static byte[] Load(string eventType, string name = "openapi") => File.ReadAllBytes(PathOf(eventType, name));

    /// <summary>Reads a fixture as text.</summary>
    /// <param name="eventType">The event type folder (<c>user.created</c>).</param>
    /// <param name="name">The case; <c>openapi</c> by default.</param>
    /// <returns>The text as committed.</returns>
    public static string LoadText(string eventType, string name = "openapi") => File.ReadAllText(PathOf(eventType, name));
}
