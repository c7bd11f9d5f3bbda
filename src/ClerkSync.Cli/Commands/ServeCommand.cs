using System.CommandLine;

namespace ClerkSync.Cli.Commands;

// PLACEHOLDER: owned and replaced by the issue that builds `clerk-sync serve`.
internal sealed class ServeCommand : Command
{
    public ServeCommand()
        : base("serve", "Runs the webhook receiver (default http://127.0.0.1:5080, SQLite clerk-sync.db).")
    {
    }
}
