using System.Collections.Concurrent;
using System.Diagnostics;
using ClerkSync.Inbox;

namespace ClerkSync.Diagnostics;

/// <summary>
/// The <c>ClerkSync</c> activity source (issue #13): <c>clerksync.receive</c> (children <c>clerksync.verify</c>,
/// <c>clerksync.store</c>) in the webhook request, and <c>clerksync.process</c> (children <c>clerksync.parse</c>,
/// <c>clerksync.handlers</c>, <c>clerksync.mirror</c>) in the worker, seconds or hours later. Processing is its own
/// trace, as for any message consumer: both spans carry the svix id (<c>messaging.message.id</c>), and the processing
/// span links (an <see cref="ActivityLink"/>) to the receiving span when this process received the delivery and still
/// remembers its context (the last <see cref="RememberedReceives"/> receives). After a restart or on another instance
/// the svix id tag is the join. With no listener nothing is created or remembered.
/// </summary>
public static class ClerkSyncTracing
{
    /// <summary>The activity source's name, for <c>AddSource</c>.</summary>
    public const string SourceName = "ClerkSync";

    /// <summary>How many receive contexts are kept for links (a bounded memory; older ones fall out first).</summary>
    public const int RememberedReceives = 10_000;

    internal static readonly ActivitySource Source = new(SourceName, typeof(ClerkSyncTracing).Assembly.GetName().Version?.ToString());

    private static readonly ConcurrentDictionary<string, ActivityContext> Receives = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<string> ReceiveOrder = new();

    /// <summary>
    /// Starts <c>clerksync.receive</c> (the current activity until disposed), or null when nobody listens: a child of the
    /// app's recorded HTTP span, else the root of a new trace. ASP.NET Core creates an unrecorded request activity even
    /// when no tracer wants it (for its logging), and a parent-based sampler would drop every child of it; the caller's
    /// async flow restores it afterwards.
    /// </summary>
    internal static Activity? StartReceive()
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        if (Activity.Current is { Recorded: false })
        {
            Activity.Current = null;
        }

        return Source.StartActivity("clerksync.receive", Activity.Current is null ? ActivityKind.Server : ActivityKind.Internal);
    }

    /// <summary>Starts a step under the current activity (<c>clerksync.verify</c>, <c>clerksync.store</c>).</summary>
    internal static Activity? StartStep(string name) => Source.StartActivity(name, ActivityKind.Internal);

    /// <summary>
    /// Remembers the receive span's context for the processing span's link. Called before the store: a worker may claim
    /// the row as soon as it is committed, before the endpoint's own code runs again. A later receive of the same id
    /// (a retry) replaces it; one whose store fails leaves a context that links nothing.
    /// </summary>
    internal static void Receiving(Activity? receive, string svixId)
    {
        if (receive is null)
        {
            return;
        }

        receive.SetTag("messaging.message.id", svixId);
        if (Receives.TryAdd(svixId, receive.Context))
        {
            ReceiveOrder.Enqueue(svixId);
            while (ReceiveOrder.Count > RememberedReceives && ReceiveOrder.TryDequeue(out var oldest))
            {
                Receives.TryRemove(oldest, out _);
            }
        }
        else
        {
            Receives[svixId] = receive.Context;
        }
    }

    /// <summary>Tags the receive span with what was stored.</summary>
    internal static void Stored(Activity? receive, string eventType, InboxAddResult result)
    {
        receive?.SetTag("clerksync.event_type", eventType);
        receive?.SetTag("clerksync.result", result.ToString().ToLowerInvariant());
    }

    /// <summary>Marks the current activity (the receive span) as a refusal with its reason code.</summary>
    internal static void Rejected(string reason)
    {
        if (Activity.Current is { Source.Name: SourceName } activity)
        {
            activity.SetTag("clerksync.rejected", reason);
            activity.SetStatus(ActivityStatusCode.Error, reason);
        }
    }

    /// <summary>Starts <c>clerksync.process</c> for a claimed row: a new trace, linked to its receive span when remembered.</summary>
    internal static Activity? StartProcess(InboxMessage message)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = Receives.TryGetValue(message.WebhookId, out var received) ? [new ActivityLink(received)] : null;
        var activity = Source.StartActivity("clerksync.process", ActivityKind.Consumer, parentContext: default, links: links);
        activity?.SetTag("messaging.message.id", message.WebhookId);
        activity?.SetTag("clerksync.event_type", message.EventType);
        activity?.SetTag("clerksync.attempt", message.Attempts);
        return activity;
    }

    /// <summary>Marks the current processing span as failed with the exception's type (never its message: it may hold data).</summary>
    internal static void Failed(Exception exception)
    {
        if (Activity.Current is { Source.Name: SourceName } activity)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }
    }

    /// <summary>Runs <paramref name="step"/> in a child span named <paramref name="name"/>.</summary>
    internal static T Step<T>(string name, Func<T> step)
    {
        using var activity = StartStep(name);
        try
        {
            return step();
        }
        catch (Exception ex) when (activity is not null && Error(activity, ex))
        {
            throw;
        }
    }

    /// <summary>
    /// Awaits <paramref name="step"/> in a child span named <paramref name="name"/>, of <paramref name="parent"/> when
    /// given (a step the SQLite writer loop runs, where the worker's activity is not current), else of the current one.
    /// </summary>
    internal static async Task StepAsync(string name, Func<Task> step, ActivityContext parent = default)
    {
        using var activity = Source.StartActivity(name, ActivityKind.Internal, parent);
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (activity is not null && Error(activity, ex))
        {
            throw;
        }
    }

    private static bool Error(Activity activity, Exception exception)
    {
        activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        return false;
    }
}
