using System.Diagnostics;
using ClerkSync.TestKit;

namespace ClerkSync.Webhooks.Tests.Events;

/// <summary>The committed OpenAPI fixtures are exactly what eng/tools/extract-openapi-examples.mjs writes today.</summary>
public sealed class FixtureDriftTests
{
    private static readonly string Tools = Path.Combine(RepositoryPaths.Root, "eng", "tools");

    [Fact]
    public async Task ExtractOpenApiExamples_FreshExtraction_EqualsCommittedFixtures()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var spec = Path.Combine(RepositoryPaths.SharedClerk, "webhooks-openapi-2025-04-15.yml");
        Assert.True(File.Exists(spec), $"{spec} not found: check out shared/ beside the repository or set CLERKSYNC_SHARED.");
        if (!Directory.Exists(Path.Combine(Tools, "node_modules", "js-yaml")))
        {
            await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], cancellationToken);
        }

        var fresh = Directory.CreateTempSubdirectory("clerksync-fixtures-");
        try
        {
            await RunAsync("node", [Path.Combine(Tools, "extract-openapi-examples.mjs"), spec, fresh.FullName], cancellationToken);

            var expected = OpenApiFixtures(fresh.FullName);
            var committed = OpenApiFixtures(RepositoryPaths.Resources);
            Assert.Equal(45, expected.Count);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
            foreach (var (relative, path) in expected)
            {
                var want = await File.ReadAllTextAsync(path, cancellationToken);
                var have = await File.ReadAllTextAsync(committed[relative], cancellationToken);
                Assert.True(want == have, $"{relative} differs from a fresh extraction: re-run node eng/tools/extract-openapi-examples.mjs");
            }
        }
        finally
        {
            fresh.Delete(recursive: true);
        }
    }

    // Only the extracted files (openapi.json, openapi-<name>.json); hand-written cases such as example.json are not checked.
    private static Dictionary<string, string> OpenApiFixtures(string root) =>
        Directory.EnumerateFiles(root, "openapi*.json", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(root, path).Replace('\\', '/'), path => path, StringComparer.Ordinal);

    private static async Task RunAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
    }
}
