namespace ClerkSync.EntityFrameworkCore;

/// <summary>An organization permission (<c>clerk_permissions</c>).</summary>
public sealed class ClerkPermission : ClerkMirrorEntity
{
    private ClerkPermission()
    {
    }

    /// <summary>Gets the permission key (<c>org:posts:create</c>).</summary>
    public string? Key { get; private set; }

    /// <summary>Gets the name.</summary>
    public string? Name { get; private set; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; private set; }

    /// <summary>Gets <c>system</c> or <c>user</c>/<c>custom</c>.</summary>
    public string? Type { get; private set; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>Gets when it was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }
}
