using System.CommandLine;

namespace ClerkSync.Cli.Commands;

// PLACEHOLDER: owned and replaced by the issue that builds `clerk-sync verify`.
internal sealed class VerifyCommand : Command
{
    public VerifyCommand()
        : base("verify", "Diagnoses a captured delivery offline.")
    {
    }
}
