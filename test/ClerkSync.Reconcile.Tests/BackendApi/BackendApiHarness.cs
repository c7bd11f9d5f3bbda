using ClerkSync.BackendApi;
using ClerkSync.TestKit.ClerkApi;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Reconcile.Tests.BackendApi;

/// <summary>A running stand-in and a client built the way an app builds it (<c>AddClerkBackendApi</c>), pointed at it.</summary>
internal sealed class BackendApiHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BackendApiHarness(ClerkApiStandIn standIn, ServiceProvider services)
    {
        StandIn = standIn;
        _services = services;
    }

    public ClerkApiStandIn StandIn { get; }

    public ClerkApiState State => StandIn.State;

    /// <summary>Gets a client (a new typed client each time, sharing the key-wide gate of the container).</summary>
    public IClerkBackendApi Client => _services.GetRequiredService<IClerkBackendApi>();

    /// <summary>Starts a stand-in and a client with a fast test pace and short retry delays unless <paramref name="configure"/> says otherwise.</summary>
    public static async Task<BackendApiHarness> StartAsync(Action<ClerkBackendApiOptions>? configure = null)
    {
        var standIn = await ClerkApiStandIn.StartAsync();
        var services = new ServiceCollection();
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
        });
        return new BackendApiHarness(standIn, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
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

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await StandIn.DisposeAsync();
    }
}
