using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ClerkSync.Storage.Sqlite;

/// <summary>Mirror work beside the inbox (issue #16): reconcile pages and change dispatch through the same writer.</summary>
internal sealed partial class SqliteInboxStore
{
    private static readonly SemaphoreSlim InMemoryLock = new(1, 1);

    /// <summary>
    /// Runs <paramref name="body"/> as one request of the group-commit writer, under its own savepoint, scheduled as
    /// processing work: it yields to waiting deliveries and commits with the batch it rides in.
    /// </summary>
    public Task<T> WriteMirrorAsync<T>(Func<DbTransaction, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return EnqueueAsync(
            async (_, _, transaction) => await body(transaction, cancellationToken).ConfigureAwait(false),
            isolated: true,
            WriteKind.Processing,
            cancellationToken);
    }

    /// <summary>Runs <paramref name="body"/> on a pooled WAL reader.</summary>
    public async Task<T> ReadMirrorAsync<T>(Func<DbConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await body(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes an exclusive lock on <c>{database}.{name}.lock</c> without waiting (an flock on Unix, a share-none handle
    /// on Windows, both dropped when the process dies), or null when another process or caller holds it.
    /// </summary>
    public async Task<IAsyncDisposable?> TryLockAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!IsFile)
        {
            return await InMemoryLock.WaitAsync(0, cancellationToken).ConfigureAwait(false) ? new Releaser(null) : null;
        }

        try
        {
            var file = new FileStream($"{DataSource}.{name}.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
            return new Releaser(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class Releaser(FileStream? file) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (file is null)
            {
                InMemoryLock.Release();
                return;
            }

            await file.DisposeAsync().ConfigureAwait(false);
        }
    }
}
