using System.Threading.Channels;

namespace ClerkSync.Inbox;

/// <summary>Wakes an idle worker when a delivery is stored, so processing does not wait for the poll interval.</summary>
internal sealed class InboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    /// <summary>Signals that rows may be due (cheap; coalesces).</summary>
    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a signal or <paramref name="timeout"/> on <paramref name="timeProvider"/>'s clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return;
        }

        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _channel.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval elapsed.
        }
    }
}
