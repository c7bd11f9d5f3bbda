namespace ClerkSync.BackendApi;

/// <summary>
/// Where a listing continues: plain data, so that it can be stored as a checkpoint and handed back to
/// <see cref="IClerkBackendApi.ListAsync"/> after a restart.
/// </summary>
/// <param name="StartingAfter">For <see cref="ClerkApiResource.Users"/>: the id of the last user already listed (Clerk's <c>starting_after</c>); otherwise <see langword="null"/>.</param>
/// <param name="Offset">For the offset-paged lists: how many objects were already listed; 0 for users.</param>
public sealed record ClerkListCursor(string? StartingAfter, int Offset);
