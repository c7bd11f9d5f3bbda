using System.Text.Json;

namespace ClerkSync.Reconciliation;

/// <summary>What a listed object changes in the mirror.</summary>
internal enum Drift
{
    /// <summary>The mirror holds the object as it is, or newer, or as a tombstone: nothing is written.</summary>
    Unchanged,

    /// <summary>The mirror has no row, or only a stub: the object is written.</summary>
    Insert,

    /// <summary>The mirror's data differs and is not newer: the object is written.</summary>
    Update,
}

/// <summary>The mirror row a listed object meets (read in the transaction that writes it).</summary>
/// <param name="Version">The held version.</param>
/// <param name="Stub">Whether the row holds only embedded data or none.</param>
/// <param name="Deleted">Whether the row is a tombstone.</param>
/// <param name="Data">The held data (JSON text), or null.</param>
internal sealed record HeldRow(long Version, bool Stub, bool Deleted, string? Data);

/// <summary>
/// Decides what a listed object does to the mirror (issue #16, docs/schema.md "Reconciliation"). The write itself goes
/// through the projection's merge, so this decides only whether to write and how to count it: an unchanged object
/// writes nothing, so a nightly run over an up-to-date mirror adds nothing to the change log.
/// </summary>
internal static class SnapshotDrift
{
    /// <summary>Classifies <paramref name="listed"/> (version <paramref name="version"/>) against <paramref name="held"/>.</summary>
    public static Drift Classify(HeldRow? held, JsonElement listed, long version)
    {
        if (held is null || (held.Stub && !held.Deleted))
        {
            return Drift.Insert;
        }

        // A tombstone stays one (Clerk never reuses an id: the listing is older than the deletion), and a newer
        // version (a webhook applied after the page was read) wins.
        if (held.Deleted || held.Version > version)
        {
            return Drift.Unchanged;
        }

        if (held.Data is not null)
        {
            // Semantic equality: PostgreSQL's jsonb reorders keys and respaces; the values are what count.
            using var document = JsonDocument.Parse(held.Data);
            if (JsonElement.DeepEquals(document.RootElement, listed))
            {
                return Drift.Unchanged;
            }
        }

        return Drift.Update;
    }
}
