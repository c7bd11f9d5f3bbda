namespace ClerkSync.Webhooks;

/// <summary>A string-valued enumeration that accepts values it does not know (STYLE 8).</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
internal interface IClerkStringEnum<TSelf>
    where TSelf : struct, IClerkStringEnum<TSelf>
{
    /// <summary>Gets the wire value.</summary>
    string Value { get; }

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as sent.</param>
    /// <returns>The wrapped value.</returns>
    static abstract TSelf FromValue(string value);
}
