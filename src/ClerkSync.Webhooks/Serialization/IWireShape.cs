namespace ClerkSync.Webhooks;

/// <summary>
/// Implemented by every record the serializer writes: remembers how the members whose value cannot tell were sent, so
/// that <see cref="ClerkEvents.Serialize"/> writes back exactly what was parsed.
/// </summary>
/// <remarks>
/// One bit per tracked member, in the order of <c>JsonTypeInfo.Properties</c> (assigned by <see cref="ClerkJson"/>).
/// For a member that can hold <see langword="null"/>, the bit is set when it was sent as <c>null</c> (null in C# is
/// otherwise written as absent). For a value-type member that is not <c>required</c> (<c>bool</c>, <c>long</c>, a
/// string enumeration), the bit is set when it was absent (its default is otherwise written). A record built in code
/// has no bit set: every value it holds is written. A record has far fewer than 64 tracked members, and a test keeps
/// it so.
/// </remarks>
internal interface IWireShape
{
    /// <summary>Gets or sets the bits of the members sent as <c>null</c> or left out, as described above.</summary>
    ulong WireShape { get; set; }
}
