using System.Data;
using System.Data.Common;
using ClerkSync.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.EntityFrameworkCore.Transactions;

/// <summary>
/// The handlers' <typeparamref name="TContext"/> in one scope (issue #11). Handlers run first, reading through the
/// context's own connection and tracking changes; ClerkSync then saves those changes inside the transaction that marks
/// the delivery done and applies the mirror, on the inbox's connection, so they commit with the delivery or not at
/// all. On SQLite that keeps the single write lock free while handler code runs: the lock is held only for the save.
/// </summary>
/// <remarks>
/// Also the context's SaveChanges interceptor: in a delivery scope a handler's own SaveChanges is refused, since it
/// would commit outside the delivery's transaction (at least once again).
/// </remarks>
internal sealed class DeliveryDbContext<TContext>(IServiceProvider services, DeliveryDatabase<TContext> database) : SaveChangesInterceptor, IDeliveryTransactionParticipant
    where TContext : DbContext
{
    private bool _inDelivery;
    private bool _created;
    private bool _saving;

    /// <summary>Marks this scope as a delivery's handler scope (the dispatcher resolves participants before the handlers).</summary>
    public DeliveryDbContext<TContext> EnterDelivery()
    {
        _inDelivery = true;
        return this;
    }

    /// <summary>Notes that the scope built a <typeparamref name="TContext"/> (its options are built once per scope).</summary>
    public DeliveryDbContext<TContext> ContextCreated()
    {
        _created = true;
        return this;
    }

    public Task HandledAsync(CancellationToken cancellationToken) =>
        _created && !database.Target.SameDatabase ? SaveAsync(cancellationToken) : Task.CompletedTask;

    public async Task CompleteAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!_created || !database.Target.SameDatabase)
        {
            return;
        }

        var context = services.GetRequiredService<TContext>();
        if (!context.ChangeTracker.HasChanges())
        {
            return;
        }

        var facade = context.Database;
        if (facade.CurrentTransaction is not null || facade.GetDbConnection().State != ConnectionState.Closed)
        {
            throw new InvalidOperationException(
                $"A handler left {typeof(TContext).Name}'s connection open or a transaction begun: ClerkSync saves the handlers' changes in the delivery's own transaction. Do not open the connection or begin a transaction in a handler.");
        }

        // The inbox's open connection and its transaction: EF neither closes nor commits what it did not open.
        facade.SetDbConnection(transaction.Connection, contextOwnsConnection: false);
        facade.AutoSavepointsEnabled = false;
        await facade.UseTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
        try
        {
            await SaveAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await facade.UseTransactionAsync(null, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        RefuseHandlerSave();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        RefuseHandlerSave();
        return ValueTask.FromResult(result);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        var context = services.GetRequiredService<TContext>();
        _saving = true;
        try
        {
            // Changes stay pending: if the completion transaction rolls back and is retried, the same changes are saved again.
            await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _saving = false;
        }
    }

    private void RefuseHandlerSave()
    {
        if (_inDelivery && !_saving)
        {
            throw new InvalidOperationException(
                $"Do not call SaveChanges on {typeof(TContext).Name} in a ClerkSync handler: with UseEntityFrameworkCore<{typeof(TContext).Name}>() ClerkSync saves the handlers' changes itself, in the transaction that marks the delivery done, so they happen exactly once.");
        }
    }
}
