using System.Reflection;
using System.Xml.Linq;
using ClerkSync.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Service.Tests.Hosting;

/// <summary>
/// Issue #14, item 1: the direction of the package dependencies (docs/architecture.md). The runtime composes and
/// references neither a web stack nor a database driver; each storage package references only its own driver; the
/// ASP.NET Core package maps endpoints and references no storage project.
/// </summary>
public sealed class PackageBoundaryTests
{
    [Theory]
    [InlineData("ClerkSync.AspNetCore", new[] { "ClerkSync.Storage.Sqlite", "ClerkSync.Storage.PostgreSql" })]
    [InlineData("ClerkSync", new[] { "ClerkSync.Storage.Sqlite", "ClerkSync.Storage.PostgreSql", "ClerkSync.AspNetCore" })]
    [InlineData("ClerkSync.Storage.Sqlite", new[] { "ClerkSync.Storage.PostgreSql", "ClerkSync.AspNetCore" })]
    [InlineData("ClerkSync.Storage.PostgreSql", new[] { "ClerkSync.Storage.Sqlite", "ClerkSync.AspNetCore" })]
    public void Project_ReferencesNoneOf(string project, string[] forbidden)
    {
        var csproj = XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", project, project + ".csproj"));
        var references = csproj.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)).ToList();
        Assert.Empty(references.Intersect(forbidden));
        if (project != "ClerkSync.AspNetCore")
        {
            Assert.DoesNotContain(csproj.Descendants("FrameworkReference"), r => r.Attribute("Include")?.Value == "Microsoft.AspNetCore.App");
        }
    }

    [Theory]
    [InlineData(typeof(IClerkSyncBuilder), new[] { "Microsoft.AspNetCore", "Npgsql", "Microsoft.Data.Sqlite", "ClerkSync.Storage" })]
    [InlineData(typeof(ClerkSyncSqliteBuilderExtensions), new[] { "Microsoft.AspNetCore", "Npgsql", "ClerkSync.AspNetCore" })]
    [InlineData(typeof(ClerkSyncPostgreSqlBuilderExtensions), new[] { "Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "ClerkSync.AspNetCore" })]
    [InlineData(typeof(ClerkSyncEndpointRouteBuilderExtensions), new[] { "Npgsql", "Microsoft.Data.Sqlite", "ClerkSync.Storage" })]
    public void Assembly_LoadsNoneOf(Type inAssembly, string[] forbiddenPrefixes)
    {
        var referenced = inAssembly.Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(referenced, name => forbiddenPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void AddClerkSync_LivesInTheRuntime()
    {
        Assert.Equal("ClerkSync", typeof(ClerkSyncServiceCollectionExtensions).Assembly.GetName().Name);
        Assert.Equal("ClerkSync", typeof(IClerkSyncBuilder).Assembly.GetName().Name);
        Assert.Equal("Microsoft.Extensions.DependencyInjection", typeof(ClerkSyncServiceCollectionExtensions).Namespace);
        Assert.Equal("ClerkSync.Storage.Sqlite", typeof(ClerkSyncSqliteBuilderExtensions).Assembly.GetName().Name);
        Assert.Equal("ClerkSync.Storage.PostgreSql", typeof(ClerkSyncPostgreSqlBuilderExtensions).Assembly.GetName().Name);
        Assert.Equal("ClerkSync.AspNetCore", typeof(ClerkSyncEndpointRouteBuilderExtensions).Assembly.GetName().Name);
        Assert.Equal("ClerkSync", typeof(ClerkSyncReconciliationBuilderExtensions).Assembly.GetName().Name);
        Assert.Equal("ClerkSync", typeof(ClerkSyncMirrorChangeBuilderExtensions).Assembly.GetName().Name);
        // The endpoint package adds only what serves HTTP: the endpoints and the dashboard (its pages and their options).
        Assert.Equal(["AddDashboard", "MapClerkSyncAdmin", "MapClerkSyncDashboard", "MapClerkSyncHealth", "MapClerkWebhooks"], typeof(ClerkSyncEndpointRouteBuilderExtensions).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)).Select(m => m.Name).Order(StringComparer.Ordinal));
    }
}
