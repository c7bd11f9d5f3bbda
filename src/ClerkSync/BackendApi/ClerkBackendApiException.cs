namespace ClerkSync.BackendApi;

/// <summary>
/// The Clerk Backend API refused a request (a 4xx, with Clerk's error code), or kept failing (5xx, 429, connection
/// errors) after the retries. The message says what to fix; it never holds the secret key or a response body.
/// </summary>
public sealed class ClerkBackendApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ClerkBackendApiException"/> class.</summary>
    public ClerkBackendApiException()
        : this("The Clerk Backend API request failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClerkBackendApiException"/> class.</summary>
    /// <param name="message">What failed and what to fix.</param>
    public ClerkBackendApiException(string message)
        : this(message, statusCode: null, clerkCode: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClerkBackendApiException"/> class.</summary>
    /// <param name="message">What failed and what to fix.</param>
    /// <param name="innerException">The cause.</param>
    public ClerkBackendApiException(string message, Exception? innerException)
        : this(message, statusCode: null, clerkCode: null, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClerkBackendApiException"/> class.</summary>
    /// <param name="message">What failed and what to fix.</param>
    /// <param name="statusCode">The HTTP status Clerk answered, if it answered.</param>
    /// <param name="clerkCode">The first <c>errors[].code</c> of Clerk's answer, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ClerkBackendApiException(string message, int? statusCode, string? clerkCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ClerkCode = clerkCode;
    }

    /// <summary>Gets the HTTP status Clerk answered (401, 404, 422, 429, 503, ...), or <see langword="null"/> when no answer came (connection error, timeout).</summary>
    public int? StatusCode { get; }

    /// <summary>Gets Clerk's error code (<c>errors[0].code</c>: <c>authentication_invalid</c>, ...), when its answer had one.</summary>
    public string? ClerkCode { get; }

    /// <summary>Gets a value indicating whether the secret key was refused (401): nothing else will work until it is fixed.</summary>
    public bool IsAuthenticationFailure => StatusCode == 401;
}
