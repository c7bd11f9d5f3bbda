namespace ClerkSync.BackendApi;

/// <summary>Stable log event ids of the Backend API client (STYLE 12): the 6000 range.</summary>
internal static class BackendApiEventId
{
    /// <summary>A 429 closed the key-wide gate for its <c>Retry-After</c>.</summary>
    public const int RateLimited = 6000;
}
