namespace ClerkSync.Webhooks;

/// <summary>Why a payload could not be parsed into a <see cref="ClerkEvent"/>.</summary>
public enum ClerkEventParseReason
{
    /// <summary>The payload is not well-formed JSON (or not valid UTF-8).</summary>
    MalformedJson = 1,

    /// <summary>The JSON root is not an object.</summary>
    NotAnObject,

    /// <summary>The envelope has no <c>type</c>.</summary>
    MissingType,

    /// <summary>The envelope's <c>type</c> is not a non-empty string.</summary>
    InvalidType,

    /// <summary>The payload is JSON but does not have the shape of its event type (a missing or mistyped field).</summary>
    InvalidShape,
}

/// <summary>
/// Thrown by <see cref="ClerkEvents.Parse"/> when a payload is not a Clerk event. The message says what is wrong and
/// never repeats payload content (payloads hold personal data).
/// </summary>
public sealed class ClerkEventParseException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ClerkEventParseException"/> class.</summary>
    public ClerkEventParseException()
        : this(ClerkEventParseReason.InvalidShape, "The payload is not a Clerk event.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClerkEventParseException"/> class.</summary>
    /// <param name="message">The message (must not contain payload content).</param>
    public ClerkEventParseException(string message)
        : this(ClerkEventParseReason.InvalidShape, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClerkEventParseException"/> class.</summary>
    /// <param name="message">The message (must not contain payload content).</param>
    /// <param name="innerException">The cause.</param>
    public ClerkEventParseException(string message, Exception? innerException)
        : this(ClerkEventParseReason.InvalidShape, message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClerkEventParseException"/> class.</summary>
    /// <param name="reason">Why parsing failed.</param>
    /// <param name="message">The message (must not contain payload content).</param>
    /// <param name="innerException">The cause, if any.</param>
    public ClerkEventParseException(ClerkEventParseReason reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    /// <summary>Gets why parsing failed.</summary>
    public ClerkEventParseReason Reason { get; }
}
