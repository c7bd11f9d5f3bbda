using ClerkSync.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>The dashboard's log messages: ids, counts and paths only, never a payload or a personal value.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(ClerkSyncEventId.DashboardAccessRefused, LogLevel.Warning, "Dashboard request refused ({Reason}) from {RemoteAddress}")]
    public static partial void AccessRefused(ILogger logger, string reason, string remoteAddress);

    [LoggerMessage(ClerkSyncEventId.DashboardCsrfRefused, LogLevel.Warning, "Dashboard form post to {Path} refused: missing or invalid anti-forgery token")]
    public static partial void CsrfRefused(ILogger logger, string path);

    [LoggerMessage(ClerkSyncEventId.PersonalDataRevealed, LogLevel.Information, "Personal data of {Subject} revealed on the dashboard to {User}")]
    public static partial void Revealed(ILogger logger, string subject, string user);

    [LoggerMessage(ClerkSyncEventId.DashboardGroupAction, LogLevel.Information, "Dashboard {Action}: {Count} {Status} {EventType} deliveries")]
    public static partial void GroupAction(ILogger logger, string action, int count, string status, string eventType);
}
