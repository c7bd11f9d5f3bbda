using System.CommandLine;
using ClerkSync.Cli;

namespace ClerkSync.Cli.Tests.Support;

/// <summary>The output of one command run.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    /// <summary>Asserts exit code 2 and that stderr says each of <paramref name="inError"/>.</summary>
    public void ExpectUsageError(params string[] inError)
    {
        Assert.Equal(Cli.ExitCode.UsageError, ExitCode);
        foreach (var text in inError)
        {
            Assert.Contains(text, Error, StringComparison.Ordinal);
        }
    }

    /// <summary>Asserts <c>verify</c> found the delivery invalid with <paramref name="code"/> first and said each of <paramref name="inOutput"/>.</summary>
    public void ExpectInvalid(string code, params string[] inOutput)
    {
        Assert.Equal(Cli.ExitCode.Failed, ExitCode);
        Assert.StartsWith($"invalid: {code}", Output, StringComparison.Ordinal);
        foreach (var text in inOutput)
        {
            Assert.Contains(text, Output, StringComparison.Ordinal);
        }
    }
}

/// <summary>
/// Runs <c>clerk-sync</c> in-process through <see cref="Program.CreateCommand"/> with a private environment, clock and
/// working directory, capturing stdout and stderr.
/// </summary>
internal sealed class CliRunner : IDisposable
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public CliRunner(TimeProvider? time = null)
    {
        WorkingDirectory = Directory.CreateTempSubdirectory("clerk-sync-cli-").FullName;
        Time = time ?? TimeProvider.System;
    }

    public string WorkingDirectory { get; }

    public TimeProvider Time { get; }

    public CliRunner WithEnvironment(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    public string PathOf(string name) => Path.Combine(WorkingDirectory, name);

    public string WriteFile(string name, string text)
    {
        File.WriteAllText(PathOf(name), text);
        return PathOf(name);
    }

    public string WriteFile(string name, byte[] bytes)
    {
        File.WriteAllBytes(PathOf(name), bytes);
        return PathOf(name);
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var context = new CliContext(name => _environment.GetValueOrDefault(name), Time, WorkingDirectory);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Program.InvokeAsync(
            Program.CreateCommand(context),
            args,
            new InvocationConfiguration { Output = output, Error = error },
            TestContext.Current.CancellationToken);
        return new(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
