using ClerkSync.EntityFrameworkCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Filters over the mirror entities: tombstones and stubs stay in the tables (docs/schema.md), these hide them.</summary>
public static class ClerkMirrorQueryableExtensions
{
    /// <summary>
    /// Keeps live rows: not deleted in Clerk (<c>deleted_at IS NULL</c>), the rows <c>clerk-sync mirror stats</c> counts
    /// as live. Stubs are live: a membership's organization known only from the membership is still an organization.
    /// </summary>
    /// <typeparam name="TEntity">The mirror entity.</typeparam>
    /// <param name="source">The query, such as <c>db.Set&lt;ClerkUser&gt;()</c>.</param>
    /// <returns>The filtered query.</returns>
    public static IQueryable<TEntity> Live<TEntity>(this IQueryable<TEntity> source)
        where TEntity : ClerkMirrorEntity
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Where(e => e.DeletedAt == null);
    }

    /// <summary>Keeps rows whose data came from a real event for the row (<c>stub = false</c>): Clerk has sent you this object.</summary>
    /// <typeparam name="TEntity">The mirror entity.</typeparam>
    /// <param name="source">The query.</param>
    /// <returns>The filtered query.</returns>
    public static IQueryable<TEntity> FromClerk<TEntity>(this IQueryable<TEntity> source)
        where TEntity : ClerkMirrorEntity
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Where(e => !e.Stub);
    }
}
