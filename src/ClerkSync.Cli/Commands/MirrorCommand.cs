using System.CommandLine;

namespace ClerkSync.Cli.Commands;

// PLACEHOLDER: owned and replaced by the issue that builds `clerk-sync mirror`.
internal sealed class MirrorCommand : Command
{
    public MirrorCommand()
        : base("mirror", "Shows the mirror's tables.")
    {
    }
}
