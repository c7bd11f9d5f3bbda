namespace ClerkSync.Cli;

/// <summary>
/// What a command reads from the outside world besides its arguments: environment variables, the clock and the working
/// directory. <see cref="Default"/> is the real process; tests pass their own so that they never touch process state.
/// </summary>
internal sealed class CliContext
{
    public CliContext(Func<string, string?> environment, TimeProvider timeProvider, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(timeProvider);
        GetEnvironmentVariable = environment;
        Time = timeProvider;
        WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
    }

    /// <summary>Gets the real process: its environment, <see cref="TimeProvider.System"/> and the current directory.</summary>
    public static CliContext Default { get; } = new(Environment.GetEnvironmentVariable, TimeProvider.System);

    public Func<string, string?> GetEnvironmentVariable { get; }

    public TimeProvider Time { get; }

    public string WorkingDirectory { get; }

    /// <summary>Resolves a path given on the command line against <see cref="WorkingDirectory"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
