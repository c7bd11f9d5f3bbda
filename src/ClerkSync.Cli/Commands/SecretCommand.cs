using System.CommandLine;

namespace ClerkSync.Cli.Commands;

// PLACEHOLDER: owned and replaced by the issue that builds `clerk-sync secret`.
internal sealed class SecretCommand : Command
{
    public SecretCommand()
        : base("secret", "Creates and checks whsec_ signing secrets.")
    {
    }
}
