using System.Net;
using ClerkSync.BackendApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.RateLimiting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Clerk Backend API client (issue #16).</summary>
public static class ClerkBackendApiServiceCollectionExtensions
{
    /// <summary>The name of the typed <see cref="HttpClient"/> (and of its resilience pipeline).</summary>
    public const string HttpClientName = "ClerkSync.BackendApi";

    /// <summary>
    /// Registers <see cref="IClerkBackendApi"/> on a typed <see cref="HttpClient"/> from <c>IHttpClientFactory</c>:
    /// a retry (5xx, 429, timeouts, connection errors; exponential backoff with jitter), inside it the key-wide pace
    /// and <c>Retry-After</c> gate, then a per-attempt timeout. Idempotent: a second call only adds its configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (base URL, key, pace); the key otherwise comes from <c>CLERK_SECRET_KEY</c>.</param>
    /// <returns>The client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddClerkBackendApi(this IServiceCollection services, Action<ClerkBackendApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ClerkBackendApiOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ClerkRateGate)))
        {
            return services.AddHttpClient(HttpClientName);
        }

        options.PostConfigure<IServiceProvider>((o, sp) =>
        {
            if (string.IsNullOrWhiteSpace(o.SecretKey))
            {
                o.SecretKey = sp.GetService<IConfiguration>()?[ClerkBackendApiOptions.SecretKeyVariable]
                    ?? Environment.GetEnvironmentVariable(ClerkBackendApiOptions.SecretKeyVariable);
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClerkBackendApiOptions>, ClerkBackendApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClerkRateGate>();
        services.TryAddTransient<ClerkRateGateHandler>();

        services
            .AddHttpClient<IClerkBackendApi, ClerkBackendApiClient>(HttpClientName, (sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<ClerkBackendApiOptions>>().Value;
                var url = o.BaseUrl.ToString();
                http.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");

                // Attempts are bounded by the pipeline's timeout; the wait for the pace and a Retry-After is not.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("ClerkSync/" + typeof(ClerkBackendApiClient).Assembly.GetName().Version?.ToString(3));
            })
            .AddResilienceHandler(HttpClientName, static (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<ClerkBackendApiOptions>>().Value;
                var gate = context.ServiceProvider.GetRequiredService<ClerkRateGate>();
                pipeline
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.MaxRetryAttempts,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = o.RetryDelay,

                        // A 429 retries at once: the gate below holds it (and every other request of the key) until
                        // Retry-After has passed, so there is one clock for the wait, not two.
                        ShouldRetryAfterHeader = false,
                        DelayGenerator = static args => new ValueTask<TimeSpan?>(
                            args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.Zero : null),
                    })
                    .AddRateLimiter(new RateLimiterStrategyOptions
                    {
                        RateLimiter = args => gate.AcquireAsync(args.Context.CancellationToken),
                    })
                    .AddTimeout(o.AttemptTimeout);
            });
        return services.AddHttpClient(HttpClientName).AddHttpMessageHandler<ClerkRateGateHandler>();
    }
}
