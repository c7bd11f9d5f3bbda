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

    public static InboxStatus Parse(string text) => text switch
    {
        "pending" => InboxStatus.Pending,
        "processing" => InboxStatus.Processing,
        "done" => InboxStatus.Done,
        "failed" => InboxStatus.Failed,
        "dead" => InboxStatus.Dead,
        _ => throw new InvalidDataException($"Unknown inbox status '{text}'."),
    };
}
