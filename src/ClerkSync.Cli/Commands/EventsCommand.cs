using System.CommandLine;

namespace ClerkSync.Cli.Commands;

// PLACEHOLDER: owned and replaced by the issue that builds `clerk-sync events`.
internal sealed class EventsCommand : Command
{
    public EventsCommand()
        : base("events", "Lists, shows and replays stored deliveries.")
    {
    }
}
