using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClerkSync.EntityFrameworkCore;

/// <summary>
/// Refuses SaveChanges when a mirror entity is added, modified or deleted (issue #11): the mirror is ClerkSync's
/// projection of Clerk's data, written by SQL in the transaction that marks a delivery done, never through EF, so a
/// write from the application would be lost or undone by the next event. Change the data in Clerk instead.
/// </summary>
internal sealed class ClerkMirrorWriteGuard : SaveChangesInterceptor
{
    public static readonly ClerkMirrorWriteGuard Instance = new();

    private ClerkMirrorWriteGuard()
    {
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries<ClerkMirrorEntity>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException(
                    $"{entry.Metadata.ClrType.Name} '{entry.Entity.Id}' is {entry.State}, but the Clerk mirror is read-only: ClerkSync writes it from " +
                    "Clerk's webhooks. Change the object in Clerk (dashboard or Backend API) and the mirror follows; keep your own data in your own entities.");
            }
        }
    }
}
