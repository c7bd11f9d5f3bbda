namespace ClerkSync.Inbox;

/// <summary>The <c>status</c> column's text, shared by every storage provider so that the databases agree.</summary>
internal static class InboxStatusText
{
    public static string From(InboxStatus status) => status switch
    {
        InboxStatus.Pending => "pending",
        InboxStatus.Processing => "processing",
        InboxStatus.Done => "done",
        InboxStatus.Failed => "failed",
        InboxStatus.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a status as written (<c>dead</c>), for query strings; false for anything else.</summary>
    public static bool TryParse(string? text, out InboxStatus status)
    {
        status = text switch
        {
            "pending" => InboxStatus.Pending,
            "processing" => InboxStatus.Processing,
            "done" => InboxStatus.Done,
            "failed" => InboxStatus.Failed,
            "dead" => InboxStatus.Dead,
            _ => (InboxStatus)(-1),
        };
        return Enum.IsDefined(status);
    }

    public static InboxStatus Parse(string text) => TryParse(text, out var status) ? status : throw new InvalidDataException($"Unknown inbox status '{text}'.");
}
