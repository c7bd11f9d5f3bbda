using ClerkSync.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Reconciliation;

/// <summary>
/// One reconciliation at a time in this process (issue #16), for the schedule and the admin trigger: knows whether one
/// is running and how far it got. Across processes the database lock decides (<see cref="ReconcileOutcome.Busy"/>).
/// </summary>
internal sealed class ReconcileRunner(IClerkReconciler reconciler, IHostApplicationLifetime lifetime, ILogger<ReconcileRunner> logger)
{
    private readonly Lock _lock = new();
    private Task<ReconcileResult>? _running;
    private ReconcileProgress? _progress;
    private ReconcileResult? _lastDryRun;
    private string? _lastError;

    /// <summary>Gets a value indicating whether a run started here is in progress.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _running is { IsCompleted: false };
            }
        }
    }

    /// <summary>Gets the result of the last dry run started here (a dry run leaves nothing in the database), or null.</summary>
    public ReconcileResult? LastDryRun => Volatile.Read(ref _lastDryRun);

    /// <summary>Gets why the last background run started here failed (a refused key, a database error), or null.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Gets the latest progress of the run in progress, or null.</summary>
    public ReconcileProgress? Progress => IsRunning ? Volatile.Read(ref _progress) : null;

    /// <summary>Starts a run in the background unless one is running; it stops with the application.</summary>
    /// <returns>False when a run is already in progress here.</returns>
    public bool TryStart(ReconcileRequest request)
    {
        lock (_lock)
        {
            if (_running is { IsCompleted: false })
            {
                return false;
            }

            _running = Task.Run(async () =>
            {
                try
                {
                    var result = await RunCoreAsync(request, lifetime.ApplicationStopping).ConfigureAwait(false);
                    Volatile.Write(ref _lastError, null);
                    return result;
                }
                catch (Exception ex)
                {
                    // Nobody awaits a background run: the failure is logged and shown by GET reconcile.
                    Volatile.Write(ref _lastError, ex.Message);
                    Log.ReconcileFailed(logger, ex);
                    throw;
                }
            });
            return true;
        }
    }

    /// <summary>Runs now and waits, unless a run is already in progress here (then waits for that one).</summary>
    public Task<ReconcileResult> RunAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_running is not { IsCompleted: false })
            {
                _running = RunCoreAsync(request, cancellationToken);
            }

            return _running;
        }
    }

    private async Task<ReconcileResult> RunCoreAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var result = await reconciler.ReconcileAsync(request, new ProgressSink(this), cancellationToken).ConfigureAwait(false);
        if (result.DryRun)
        {
            Volatile.Write(ref _lastDryRun, result);
        }

        return result;
    }

    // Synchronous: System.Progress<T> would post to the thread pool and report out of order.
    private sealed class ProgressSink(ReconcileRunner runner) : IProgress<ReconcileProgress>
    {
        public void Report(ReconcileProgress value) => Volatile.Write(ref runner._progress, value);
    }
}
