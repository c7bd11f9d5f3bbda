using System.Net;

namespace ClerkSync.BackendApi;

/// <summary>
/// The innermost handler of the Backend API client, under the retry: closes the key-wide <see cref="ClerkRateGate"/>
/// when Clerk answers 429, and reads the whole body before the attempt ends, so that a connection lost mid-page is a
/// retried attempt rather than a failure after the retry has finished.
/// </summary>
internal sealed class ClerkRateGateHandler(ClerkRateGate gate, TimeProvider time) : DelegatingHandler
{
    /// <summary>The wait after a 429 that carries no <c>Retry-After</c>.</summary>
    internal static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            gate.Close(RetryAfterOf(response, time.GetUtcNow()) ?? DefaultRetryAfter);
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            response.Dispose();
            throw new HttpRequestException($"The connection to the Clerk Backend API was lost while reading a {(int)response.StatusCode} answer.", ex);
        }

        return response;
    }

    /// <summary>Reads <c>Retry-After</c> (seconds or an HTTP date).</summary>
    /// <param name="response">The answer.</param>
    /// <param name="now">The current time, for a date.</param>
    /// <returns>The wait, or <see langword="null"/> when the header is absent.</returns>
    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
