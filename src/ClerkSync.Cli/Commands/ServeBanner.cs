using ClerkSync.AspNetCore;
using ClerkSync.Cli.Secrets;
using ClerkSync.DependencyInjection;
using ClerkSync.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// What <c>clerk-sync serve</c> prints once it listens (issues #3, #12): the addresses, and a <c>send</c> command that works
/// as printed where the user is. From a checkout (<c>dotnet run --project src/ClerkSync.Cli</c>) <c>clerk-sync</c> is not
/// on PATH, so the command is the <c>dotnet run</c> form. It never repeats a secret: <c>send</c> finds the same one itself.
/// </summary>
internal static class ServeBanner
{
    /// <summary>The command name of the installed tool.</summary>
    public const string ToolCommand = "clerk-sync";

    private const string ProjectFile = "ClerkSync.Cli.csproj";

    /// <summary>Writes the banner.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="addresses">The addresses Kestrel listens on.</param>
    /// <param name="path">The webhook path.</param>
    /// <param name="dataSource">The SQLite file (full path), or null for PostgreSQL.</param>
    /// <param name="devSecret">The development secret serve generated, or null when one is configured.</param>
    /// <param name="dashboard">Where the dashboard is and who may open it.</param>
    /// <param name="traces">Where traces are exported, or null when they are off.</param>
    public static void Write(TextWriter output, ICollection<string> addresses, string path, string? dataSource, string? devSecret, ServeDashboard dashboard, string? traces)
    {
        var baseUrl = (addresses.FirstOrDefault() ?? ServeCommand.DefaultUrls).TrimEnd('/');
        var webhookUrl = baseUrl + path;
        var workingDirectory = Directory.GetCurrentDirectory();
        var o = output;
        o.WriteLine("clerk-sync serve");
        o.WriteLine($"  Listening:   {string.Join(", ", addresses)}");
        o.WriteLine($"  Webhook URL: {webhookUrl}");
        o.WriteLine($"  Health:      {baseUrl}/healthz    Metrics: {baseUrl}/metrics");
        o.WriteLine($"  Dashboard:   {dashboard.Describe(baseUrl)}");
        o.WriteLine($"  Traces:      {traces ?? "off (set ClerkSync:Tracing:OtlpEndpoint or OTEL_EXPORTER_OTLP_ENDPOINT)"}");
        if (dataSource is not null)
        {
            o.WriteLine($"  Database:    {dataSource} (SQLite, WAL)");
        }

        var sendFindsSecret = devSecret is not null || ClerkSyncSecrets.FromEnvironment(null) is not null;
        o.WriteLine($"  Send events: {SendCommandLine(Invocation(AppContext.BaseDirectory, workingDirectory), webhookUrl, devSecret is null ? null : dataSource, workingDirectory)}");
        if (!sendFindsSecret)
        {
            // The secret came from configuration (ClerkSync:Secrets), which send does not read.
            o.WriteLine($"               (send signs with {SigningSecretVariables.SigningSecret}: set it to the secret serve verifies with)");
        }

        o.WriteLine($"  Check:       curl -i -X POST {webhookUrl} -H 'content-type: application/json' -d '{{}}'   (400 missing_headers: the endpoint is up)");
        if (devSecret is not null)
        {
            o.WriteLine();
            o.WriteLine($"  WARNING: no signing secret is configured, so a DEVELOPMENT secret ({WebhookSecret.Fingerprint(devSecret)}) was generated");
            o.WriteLine($"  for local use only, kept in {dataSource}{SigningSecrets.DevSecretSuffix} and reused; send reads it from there.");
            o.WriteLine($"  For Clerk, set {SigningSecretVariables.SigningSecret} to your endpoint's Signing Secret.");
        }

        o.WriteLine("  Press Ctrl+C to stop.");
        o.Flush();
    }

    /// <summary>
    /// How the user runs this clerk-sync: <c>dotnet run -c Release --project src/ClerkSync.Cli --</c> when it runs from a
    /// checkout's build output (<c>&lt;project&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;/</c> beside ClerkSync.Cli.csproj),
    /// else <c>clerk-sync</c> (the installed tool).
    /// </summary>
    /// <param name="baseDirectory">The folder of the running assembly.</param>
    /// <param name="workingDirectory">Where the user is; the project path is relative to it when it lies below.</param>
    public static string Invocation(string baseDirectory, string workingDirectory)
    {
        var output = new DirectoryInfo(baseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var configuration = output.Parent;
        var bin = configuration?.Parent;
        var project = bin?.Parent;
        if (project is null || !string.Equals(bin!.Name, "bin", StringComparison.Ordinal) || !File.Exists(Path.Combine(project.FullName, ProjectFile)))
        {
            return ToolCommand;
        }

        var relative = Path.GetRelativePath(workingDirectory, project.FullName);
        var projectPath = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? project.FullName : relative;
        return $"dotnet run -c {configuration!.Name} --project {Quote(projectPath)} --";
    }

    /// <summary>The send command: every example event, to this webhook URL, with the secret send finds by itself.</summary>
    /// <param name="invocation">See <see cref="Invocation"/>.</param>
    /// <param name="webhookUrl">Where serve receives.</param>
    /// <param name="devSecretDatabase">The database beside which the development secret is kept, or null when there is none.</param>
    /// <param name="workingDirectory">Where the user is: <c>--db</c> is left out when it is send's default there.</param>
    public static string SendCommandLine(string invocation, string webhookUrl, string? devSecretDatabase, string workingDirectory)
    {
        var command = $"{invocation} send --all";
        if (!string.Equals(webhookUrl, SendCommand.DefaultUrl, StringComparison.Ordinal))
        {
            command += $" --url {webhookUrl}";
        }

        if (devSecretDatabase is not null && !string.Equals(devSecretDatabase, Path.GetFullPath(ClerkSyncSqliteBuilderExtensions.DefaultDatabase, workingDirectory), StringComparison.Ordinal))
        {
            command += $" --db {Quote(devSecretDatabase)}";
        }

        return command;
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
