using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ClerkSync.Packaging.Tests.Support;
using ClerkSync.TestKit;

namespace ClerkSync.Packaging.Tests;

/// <summary>What eng/pack.sh leaves in .artifacts/packages, read the way NuGet and a debugger read it.</summary>
public sealed partial class PackagesTests(PackedRepository packed)
{
    private const string Repository = "https://github.com/clerksync/clerksync";

    /// <summary>The packages issue #12 names; more may come, one per packable project under src/.</summary>
    private static readonly string[] Named =
    [
        "ClerkSync.Webhooks", "ClerkSync.Webhooks.Ed25519", "ClerkSync", "ClerkSync.AspNetCore",
        "ClerkSync.Storage.Sqlite", "ClerkSync.Storage.PostgreSql", "ClerkSync.Cli",
    ];

    private static readonly string[] ShippedIds = [.. PackableProjectIds().Union(Named).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Shipped => [.. ShippedIds];

    [Fact]
    public void Pack_EveryPackableProjectUnderSrc_OneNupkgAndSnupkgEach()
    {
        var files = Directory.GetFiles(PackedRepository.Packages).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var expected = ShippedIds.SelectMany(id => (string[])[$"{id}.{PackedRepository.Version}.nupkg", $"{id}.{PackedRepository.Version}.snupkg"])
            .Order(StringComparer.Ordinal).ToList();

        Assert.True(expected.SequenceEqual(files), $"expected\n  {string.Join("\n  ", expected)}\nfound\n  {string.Join("\n  ", files)}\npack output:\n{packed.PackOutput}");
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Nuspec_EveryPackage_HasWhatANuGetUserSees(string id)
    {
        using var package = Open(id, "nupkg");
        var metadata = Nuspec(package);
        string? Value(string name) => metadata.Element(metadata.Name.Namespace + name)?.Value;

        Assert.Equal(id, Value("id"));
        Assert.Equal(PackedRepository.Version, Value("version"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")), "description");
        Assert.False(string.IsNullOrWhiteSpace(Value("tags")), "tags");
        var license = metadata.Element(metadata.Name.Namespace + "license");
        Assert.Equal("expression", license?.Attribute("type")?.Value);
        Assert.Equal("MIT", license?.Value);
        Assert.Equal(Repository, Value("projectUrl"));

        var readme = Value("readme");
        Assert.Equal("README.md", readme);
        using var readmeReader = new StreamReader(package.GetEntry(readme!)!.Open());
        var readmeText = readmeReader.ReadToEnd();
        Assert.StartsWith("# " + id, readmeText, StringComparison.Ordinal);

        var repository = metadata.Element(metadata.Name.Namespace + "repository");
        Assert.Equal("git", repository?.Attribute("type")?.Value);
        Assert.Equal(Repository, repository?.Attribute("url")?.Value);
        Assert.Matches(CommitId(), repository?.Attribute("commit")?.Value ?? string.Empty);
    }

    [Fact]
    public void ToolPackage_IsADotnetToolNamedClerkSync()
    {
        using var package = Open("ClerkSync.Cli", "nupkg");
        var metadata = Nuspec(package);
        var types = metadata.Descendants(metadata.Name.Namespace + "packageType").Select(t => t.Attribute("name")?.Value);
        Assert.Contains("DotnetTool", types);

        var settings = package.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        using var stream = settings.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();
        Assert.Equal("clerk-sync", command.Attribute("Name")?.Value);
        Assert.Equal("clerk-sync.dll", command.Attribute("EntryPoint")?.Value);

        // The example payloads travel inside the assembly (embedded resources), not as loose files from test/.
        Assert.DoesNotContain(package.Entries, e => e.FullName.Contains("Examples/", StringComparison.Ordinal) || e.FullName.Contains("Resources/", StringComparison.Ordinal));
    }

    [Fact]
    public void Symbols_SourceLink_PointsAtThePublishedRepositoryAtTheCommit()
    {
        using var symbols = Open("ClerkSync.Webhooks", "snupkg");
        using var pdb = new MemoryStream();
        using (var entry = symbols.Entries.Single(e => e.FullName.EndsWith("ClerkSync.Webhooks.pdb", StringComparison.Ordinal)).Open())
        {
            entry.CopyTo(pdb);
        }

        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var sourceLink = reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == sourceLinkKind)
            .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();

        Assert.NotNull(sourceLink);
        using var package = Open("ClerkSync.Webhooks", "nupkg");
        var commit = Nuspec(package).Element(Nuspec(package).Name.Namespace + "repository")!.Attribute("commit")!.Value;
        Assert.Contains($"https://raw.githubusercontent.com/clerksync/clerksync/{commit}/", sourceLink, StringComparison.Ordinal);
    }

    private static ZipArchive Open(string id, string extension) =>
        ZipFile.OpenRead(Path.Combine(PackedRepository.Packages, $"{id}.{PackedRepository.Version}.{extension}"));

    private static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        var document = XDocument.Load(stream);
        return document.Root!.Element(document.Root.Name.Namespace + "metadata")!;
    }

    /// <summary>Every project under src/ that does not opt out of packing, by package id (PackageId, else the project name).</summary>
    private static IEnumerable<string> PackableProjectIds()
    {
        foreach (var project in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var document = XDocument.Load(project);
            if (document.Descendants("IsPackable").Any(e => string.Equals(e.Value.Trim(), "false", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            yield return document.Descendants("PackageId").FirstOrDefault()?.Value.Trim() ?? Path.GetFileNameWithoutExtension(project);
        }
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitId();
}
