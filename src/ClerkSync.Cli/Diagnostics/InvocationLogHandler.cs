using ClerkSync.Handlers;
using ClerkSync.Webhooks;

namespace ClerkSync.Cli.Diagnostics;

/// <summary>
/// A diagnostic handler for <c>serve</c>: when <c>CLERKSYNC_INVOCATION_LOG</c> names a file, every handled event appends
/// its svix id there (one line, flushed). The scale-out test (issue #4) runs two processes with one file each and checks
/// that every id was handled exactly once across both; it is also a plain way to watch what a deployment handles. Only
/// ids are written, never payloads.
/// </summary>
internal sealed class InvocationLogHandler(InvocationLog log) : IClerkEventHandler<ClerkEvent>
{
    /// <summary>The environment variable naming the file.</summary>
    public const string Variable = "CLERKSYNC_INVOCATION_LOG";

    public Task HandleAsync(ClerkEvent evt, ClerkDelivery delivery, CancellationToken ct) => log.AppendAsync(delivery.WebhookId, ct);
}

/// <summary>The append-only file behind <see cref="InvocationLogHandler"/>, shared by the worker loops of one process.</summary>
internal sealed class InvocationLog(string path) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };

    public async Task AppendAsync(string webhookId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.WriteLineAsync(webhookId.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _lock.Dispose();
    }
}
