namespace ClerkSync.EntityFrameworkCore;

/// <summary>
/// A row of a mirror table (docs/schema.md): Clerk's id and the bookkeeping columns every table shares. Rows are
/// written only by ClerkSync's projection; in your context they are read-only (docs/efcore.md).
/// </summary>
public abstract class ClerkMirrorEntity
{
    private protected ClerkMirrorEntity()
    {
    }

    /// <summary>Gets Clerk's id (<c>user_...</c>, <c>org_...</c>), the primary key.</summary>
    public string Id { get; private set; } = null!;

    /// <summary>Gets the whole <c>data</c> object of the event whose version won, as JSON; null for a tombstone that never received data.</summary>
    public string? Data { get; private set; }

    /// <summary>Gets the version of <see cref="Data"/>: its <c>updated_at</c> in unix milliseconds; 0 for stubs and data-less tombstones.</summary>
    public long Version { get; private set; }

    /// <summary>Gets the svix id of the event whose data is held.</summary>
    public string? LastWebhookId { get; private set; }

    /// <summary>Gets whether the row holds only data embedded in another object (or none) until a real event for it arrives.</summary>
    public bool Stub { get; private set; }

    /// <summary>Gets when the row was deleted in Clerk (its own deletion or a parent's), or null for a live row.</summary>
    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>Gets the svix id of the deletion recorded in <see cref="DeletedAt"/>.</summary>
    public string? DeletedWebhookId { get; private set; }
}
