using ClerkSync.Mirror.Schema;
using ClerkSync.TestKit;

namespace ClerkSync.Storage.Tests.Mirror;

/// <summary>The mirror's tables and columns are a public contract: docs/schema.md must name every one (issue #4).</summary>
public sealed class MirrorSchemaDocTests
{
    public static TheoryData<string> Tables() => [.. MirrorCatalog.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Tables))]
    public void SchemaDoc_Table_DocumentsEveryColumn(string name)
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "schema.md"));
        var start = doc.IndexOf($"### `{name}`", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/schema.md has no section for {name}");
        var end = doc.IndexOf("\n### ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? doc[start..] : doc[start..end];
        foreach (var column in MirrorCatalog.Find(name)!.Columns)
        {
            Assert.Contains($"| `{column.Name}` |", section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SchemaDoc_BookkeepingColumns_Documented()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "schema.md"));
        foreach (var column in new[] { MirrorColumns.Data, MirrorColumns.Version, MirrorColumns.LastWebhookId, MirrorColumns.Stub, MirrorColumns.DeletedAt, MirrorColumns.DeletedWebhookId })
        {
            Assert.Contains($"| `{column}` |", doc, StringComparison.Ordinal);
        }

        Assert.Contains($"## `{MirrorColumns.ChangesTable}`", doc, StringComparison.Ordinal);
    }
}
