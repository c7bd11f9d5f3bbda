namespace ClerkSync.Webhooks;

/// <summary>
/// Implemented by every record the serializer writes: remembers which nullable members were sent as an explicit
/// <c>null</c> so that <see cref="ClerkEvents.Serialize"/> writes them back while leaving absent members absent.
/// </summary>
/// <remarks>
/// One bit per nullable member, in the order of <c>JsonTypeInfo.Properties</c> (assigned by
/// <see cref="ClerkJson"/>); a record has far fewer than 64 nullable members, and a test keeps it so.
/// </remarks>
internal interface IExplicitNulls
{
    /// <summary>Gets or sets the bits of the nullable members that were sent as <c>null</c>.</summary>
    ulong ExplicitNulls { get; set; }
}
