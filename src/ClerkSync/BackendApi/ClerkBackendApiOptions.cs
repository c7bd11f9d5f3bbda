using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ClerkSync.BackendApi;

/// <summary>
/// Options of the Clerk Backend API client (issue #16). The secret key also comes from <c>CLERK_SECRET_KEY</c>. The
/// pace defaults to a development instance's limit; set <see cref="RequestsPerWindow"/> to
/// <see cref="ProductionRequestsPerWindow"/> for a production key (<c>sk_live_...</c>).
/// </summary>
public sealed class ClerkBackendApiOptions : IValidatableObject
{
    /// <summary>The environment variable read when <see cref="SecretKey"/> is not set: <c>CLERK_SECRET_KEY</c> (Clerk's name).</summary>
    public const string SecretKeyVariable = "CLERK_SECRET_KEY";

    /// <summary>Clerk's limit for a development instance: 100 requests per 10 seconds per secret key.</summary>
    public const int DevelopmentRequestsPerWindow = 100;

    /// <summary>Clerk's limit for a production instance: 1,000 requests per 10 seconds per secret key.</summary>
    public const int ProductionRequestsPerWindow = 1000;

    /// <summary>The largest page Clerk serves (<c>limit</c> above it is a 400).</summary>
    public const int MaxPageSize = 500;

    /// <summary>Gets or sets the API's base URL.</summary>
    /// <value><c>https://api.clerk.com/v1</c>.</value>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.clerk.com/v1");

    /// <summary>Gets or sets the instance's secret key (<c>sk_test_...</c> or <c>sk_live_...</c>), sent as a Bearer token.</summary>
    /// <value>Null: <c>CLERK_SECRET_KEY</c> from configuration or the environment.</value>
    public string? SecretKey { get; set; }

    /// <summary>Gets or sets how many requests may start in any <see cref="Window"/>, for every caller of this key in the process.</summary>
    /// <value>100 (<see cref="DevelopmentRequestsPerWindow"/>); 1,000 for a production key.</value>
    [Range(1, 100_000)]
    public int RequestsPerWindow { get; set; } = DevelopmentRequestsPerWindow;

    /// <summary>Gets or sets the window of <see cref="RequestsPerWindow"/>.</summary>
    /// <value>10 seconds, as Clerk's limit.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the page size asked for (<c>limit</c>).</summary>
    /// <value>500, Clerk's maximum: the fewest requests.</value>
    [Range(1, MaxPageSize)]
    public int PageSize { get; set; } = MaxPageSize;

    /// <summary>Gets or sets how many times a request is retried after a 5xx, a 429, a timeout or a connection error.</summary>
    /// <value>6.</value>
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>Gets or sets the median delay before the first retry of a 5xx or connection error; it doubles each retry, with jitter. A 429 waits its <c>Retry-After</c> instead.</summary>
    /// <value>1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long one attempt may take (sending and reading the whole page), not counting the wait for the pace.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        foreach (var error in new[]
        {
            ClerkSyncOptions.CheckRange("BackendApi:" + nameof(Window), Window, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            ClerkSyncOptions.CheckRange("BackendApi:" + nameof(RetryDelay), RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            ClerkSyncOptions.CheckRange("BackendApi:" + nameof(AttemptTimeout), AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
        })
        {
            if (error is not null)
            {
                yield return error;
            }
        }

        if (BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"The Clerk Backend API URL '{url}' must be an absolute http(s) URL, e.g. https://api.clerk.com/v1.", [nameof(BaseUrl)]);
        }
    }
}

/// <summary>Validates <see cref="ClerkBackendApiOptions"/> (DataAnnotations and <see cref="IValidatableObject"/>), source-generated.</summary>
[OptionsValidator]
internal sealed partial class ClerkBackendApiOptionsValidator : IValidateOptions<ClerkBackendApiOptions>
{
}
