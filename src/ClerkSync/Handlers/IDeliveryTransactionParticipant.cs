using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Handlers;

/// <summary>
/// Takes part in a delivery's completion (issue #11): resolved from the delivery's handler scope before the handlers
/// run, told when they have all run, then handed the transaction that marks the delivery done and applies the mirror,
/// so that its writes commit with them or not at all. ClerkSync.EntityFrameworkCore saves the handlers' DbContext here.
/// </summary>
internal interface IDeliveryTransactionParticipant
{
    /// <summary>Runs after every handler of the delivery succeeded, outside any transaction or lock.</summary>
    Task HandledAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs inside the completion transaction, after the mirror projection, only when the lease still holds. On SQLite
    /// the database's single write lock is held here: do no slow work. A throw rolls back the done mark and the mirror.
    /// </summary>
    Task CompleteAsync(DbTransaction transaction, CancellationToken cancellationToken);
}

/// <summary>
/// A delivery's handler scope, kept open from the handlers until the completion transaction so that the scope's
/// <see cref="IDeliveryTransactionParticipant"/>s can write in it. Disposed by the worker after completion.
/// </summary>
internal sealed class HandledDelivery : IAsyncDisposable
{
    /// <summary>A delivery no handler took: nothing to complete, nothing to dispose.</summary>
    public static readonly HandledDelivery None = new(null);

    private readonly AsyncServiceScope? _scope;
    private readonly IDeliveryTransactionParticipant[] _participants;

    public HandledDelivery(AsyncServiceScope? scope)
    {
        _scope = scope;
        _participants = scope is { } s ? [.. s.ServiceProvider.GetServices<IDeliveryTransactionParticipant>()] : [];
    }

    /// <summary>Gets the scope's services (the handlers resolve from it).</summary>
    public IServiceProvider Services => _scope?.ServiceProvider ?? throw new InvalidOperationException("No handler scope.");

    /// <summary>Tells the participants that every handler ran.</summary>
    public async Task HandledAsync(CancellationToken cancellationToken)
    {
        foreach (var participant in _participants)
        {
            await participant.HandledAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lets the participants write in the completion transaction.</summary>
    public async Task CompleteAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var participant in _participants)
        {
            await participant.CompleteAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _scope?.DisposeAsync() ?? ValueTask.CompletedTask;
}
