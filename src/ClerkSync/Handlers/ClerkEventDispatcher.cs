using System.Collections.Concurrent;
using ClerkSync.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Handlers;

/// <summary>Invokes the handlers of one event type; one per type, registered by <c>AddHandler</c>.</summary>
internal interface IClerkEventHandlerBinding
{
    /// <summary>Gets the event type the handlers take.</summary>
    Type EventType { get; }

    /// <summary>Invokes every handler of <see cref="EventType"/> registered in <paramref name="services"/>.</summary>
    Task InvokeAsync(IServiceProvider services, ClerkEvent evt, ClerkDelivery delivery, CancellationToken cancellationToken);
}

/// <summary>The typed binding: a cast and a DI lookup, no reflection when dispatching.</summary>
internal sealed class ClerkEventHandlerBinding<TEvent> : IClerkEventHandlerBinding
    where TEvent : ClerkEvent
{
    public Type EventType => typeof(TEvent);

    public async Task InvokeAsync(IServiceProvider services, ClerkEvent evt, ClerkDelivery delivery, CancellationToken cancellationToken)
    {
        var typed = (TEvent)evt;
        foreach (var handler in services.GetServices<IClerkEventHandler<TEvent>>())
        {
            await handler.HandleAsync(typed, delivery, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Dispatches an event to the handlers of its runtime type and of each base type (<c>ClerkEvent&lt;TData&gt;</c>,
/// <see cref="ClerkEvent"/>), most specific first. The chain per runtime type is computed once.
/// </summary>
internal sealed class ClerkEventDispatcher
{
    private readonly Dictionary<Type, IClerkEventHandlerBinding> _bindings = [];
    private readonly ConcurrentDictionary<Type, IClerkEventHandlerBinding[]> _chains = new();
    private readonly IServiceScopeFactory _scopes;

    public ClerkEventDispatcher(IEnumerable<IClerkEventHandlerBinding> bindings, IServiceScopeFactory scopes)
    {
        foreach (var binding in bindings)
        {
            _bindings.TryAdd(binding.EventType, binding);
        }

        _scopes = scopes;
    }

    /// <summary>Gets the number of event types with a handler.</summary>
    public int HandledTypes => _bindings.Count;

    /// <summary>
    /// Runs the handlers in a new scope and returns it still open: the worker completes the delivery through it (the
    /// scope's transaction participants, issue #11), then disposes it. On a throw the scope is disposed here.
    /// </summary>
    public async Task<HandledDelivery> DispatchAsync(ClerkEvent evt, ClerkDelivery delivery, CancellationToken cancellationToken)
    {
        var chain = _chains.GetOrAdd(evt.GetType(), Resolve);
        if (chain.Length == 0)
        {
            return HandledDelivery.None;
        }

        var handled = new HandledDelivery(_scopes.CreateAsyncScope());
        try
        {
            foreach (var binding in chain)
            {
                await binding.InvokeAsync(handled.Services, evt, delivery, cancellationToken).ConfigureAwait(false);
            }

            await handled.HandledAsync(cancellationToken).ConfigureAwait(false);
            return handled;
        }
        catch
        {
            await handled.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private IClerkEventHandlerBinding[] Resolve(Type runtimeType)
    {
        var chain = new List<IClerkEventHandlerBinding>();
        for (var type = runtimeType; type is not null && typeof(ClerkEvent).IsAssignableFrom(type); type = type.BaseType)
        {
            if (_bindings.TryGetValue(type, out var binding))
            {
                chain.Add(binding);
            }
        }

        return [.. chain];
    }
}
