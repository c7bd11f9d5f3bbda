namespace ClerkSync.TestKit;

/// <summary>Finds the repository root, the committed fixtures and the shared reference folder beside the checkout.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClerkSync.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ClerkSync.slnx not found above " + AppContext.BaseDirectory);
    });

    /// <summary>Gets the repository root (the folder holding ClerkSync.slnx).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>
    /// Gets the example payloads, one folder per event type: src/ClerkSync.Cli/Examples, the examples the clerk-sync
    /// tool ships for <c>send</c> (issue #12). They are the tests' fixtures too, so that there is one copy of each.
    /// </summary>
    public static string Resources => Path.Combine(Root, "src", "ClerkSync.Cli", "Examples");

    /// <summary>Gets ../shared/clerk beside the checkout, or CLERKSYNC_SHARED/clerk when set.</summary>
    public static string SharedClerk =>
        Path.Combine(Environment.GetEnvironmentVariable("CLERKSYNC_SHARED") ?? Path.Combine(Root, "..", "shared"), "clerk");
}
