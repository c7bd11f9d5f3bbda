using ClerkSync.BackendApi;
using ClerkSync.TestKit.ClerkApi;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Reconcile.Tests.BackendApi;

/// <summary>A running stand-in and a client built the way an app builds it (<c>AddClerkBackendApi</c>), pointed at it.</summary>
internal sealed class BackendApiHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BackendApiHarness(ClerkApiStandIn standIn, ServiceProvider services, SendRecorder sends)
    {
        StandIn = standIn;
        _services = services;
        Sends = sends;
    }

    public ClerkApiStandIn StandIn { get; }

    /// <summary>Gets what the client put on the wire, seen from its innermost handler (under the pace and the gate).</summary>
    public SendRecorder Sends { get; }

    public ClerkApiState State => StandIn.State;

    /// <summary>Gets a client (a new typed client each time, sharing the key-wide gate of the container).</summary>
    public IClerkBackendApi Client => _services.GetRequiredService<IClerkBackendApi>();

    /// <summary>Starts a stand-in and a client with a fast test pace and short retry delays unless <paramref name="configure"/> says otherwise.</summary>
    public static async Task<BackendApiHarness> StartAsync(Action<ClerkBackendApiOptions>? configure = null)
    {
        var standIn = await ClerkApiStandIn.StartAsync();
        var services = new ServiceCollection();
        var sends = new SendRecorder();
        services.AddLogging();
        services.AddClerkBackendApi(o =>
        {
            o.BaseUrl = standIn.BaseUrl;
            o.SecretKey = standIn.SecretKey;
            o.RequestsPerWindow = 1000;
            o.Window = TimeSpan.FromSeconds(1);
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
            o.AttemptTimeout = TimeSpan.FromSeconds(20);
            configure?.Invoke(o);
        }).AddHttpMessageHandler(() => new SendRecordingHandler(sends));
        return new BackendApiHarness(standIn, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), sends);
    }

    /// <summary>Lists a resource completely, returning the pages.</summary>
    public async Task<List<ClerkApiPage>> ListAllAsync(ClerkApiResource resource, ClerkListCursor? resumeFrom = null)
    {
        var pages = new List<ClerkApiPage>();
        await foreach (var page in Client.ListAsync(resource, resumeFrom, TestContext.Current.CancellationToken))
        {
            pages.Add(page);
        }

        return pages;
    }

    public static List<string> IdsOf(IEnumerable<ClerkApiPage> pages) =>
        [.. pages.SelectMany(p => p.Items).Select(i => i.GetProperty("id").GetString()!)];

    /// <summary>Makes one request (JIT, connection) and forgets it, so that timing assertions see steady-state latency.</summary>
    public async Task WarmUpAsync()
    {
        await Client.GetAsync(ClerkApiResource.Users, "user_warm_up", TestContext.Current.CancellationToken);
        StandIn.Log.Clear();
        Sends.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await StandIn.DisposeAsync();
    }
}

/// <summary>One request as the client sent it: when it left and when its answer (or failure) came back, on the system clock.</summary>
internal sealed record ClientSend(string PathAndQuery, DateTimeOffset SentAt, DateTimeOffset AnsweredAt, int Status);

internal sealed class SendRecorder
{
    private readonly Lock _lock = new();
    private readonly List<ClientSend> _sends = [];

    public IReadOnlyList<ClientSend> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _sends];
            }
        }
    }

    public void Add(ClientSend send)
    {
        lock (_lock)
        {
            _sends.Add(send);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _sends.Clear();
        }
    }
}

/// <summary>The innermost handler in tests: records every attempt the pipeline lets out.</summary>
internal sealed class SendRecordingHandler(SendRecorder recorder) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sentAt = TimeProvider.System.GetUtcNow();
        var status = 0;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            return response;
        }
        finally
        {
            recorder.Add(new ClientSend(request.RequestUri!.PathAndQuery, sentAt, TimeProvider.System.GetUtcNow(), status));
        }
    }
}
