namespace ClerkSync.EntityFrameworkCore;

/// <summary>An organization role (<c>clerk_roles</c>).</summary>
public sealed class ClerkRole : ClerkMirrorEntity
{
    private ClerkRole()
    {
    }

    /// <summary>Gets the role key (<c>org:admin</c>).</summary>
    public string? Key { get; private set; }

    /// <summary>Gets the name.</summary>
    public string? Name { get; private set; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; private set; }

    /// <summary>Gets the permission keys, as a JSON array.</summary>
    public string? Permissions { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }
}
