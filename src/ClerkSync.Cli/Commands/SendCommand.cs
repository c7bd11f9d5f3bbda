using System.CommandLine;

namespace ClerkSync.Cli.Commands;

// PLACEHOLDER: owned and replaced by the issue that builds `clerk-sync send`.
internal sealed class SendCommand : Command
{
    public SendCommand()
        : base("send", "Signs and sends example Clerk events.")
    {
    }
}
