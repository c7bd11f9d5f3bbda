using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace ClerkSync.TestKit;

/// <summary>
/// A child process whose stdout and stderr are collected line by line. The exit is the end of a run, not the end of
/// its output: a build can leave servers behind that hold the pipes open.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _stdout;
    private readonly Task _stderr;
    private readonly SemaphoreSlim _newLine = new(0);

    private ChildProcess(Process process)
    {
        _process = process;
        _stdout = PumpAsync(process.StandardOutput);
        _stderr = PumpAsync(process.StandardError);
    }

    /// <summary>Gets everything the process wrote so far, stdout and stderr interleaved by line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string CommandLine { get; private init; } = string.Empty;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Quiet, reproducible dotnet; builds leave no MSBuild nodes behind.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        return new ChildProcess(process) { CommandLine = $"{fileName} {string.Join(' ', start.ArgumentList)}" };
    }

    /// <summary>Runs to the end within <paramref name="timeout"/> and returns the exit code and the output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var child = Start(fileName, arguments, workingDirectory, environment);
        var exitCode = await child.WaitForExitAsync(timeout);
        return (exitCode, child.Output);
    }

    /// <summary>Waits for the exit; kills the process and fails, with what it printed, past <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"`{CommandLine}` did not finish within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        // The last lines; a pipe still held by a lingering build server is not waited for.
        await Task.WhenAny(Task.WhenAll(_stdout, _stderr), Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken));
        return _process.ExitCode;
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; fails with the output when the process exits or the time is up.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            foreach (var line in Output.Split('\n'))
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            var left = timeout - elapsed.Elapsed;
            if (_process.HasExited || left <= TimeSpan.Zero)
            {
                var why = _process.HasExited ? $"exited with {_process.ExitCode}" : $"printed nothing like it within {timeout.TotalSeconds:0} s";
                throw new InvalidOperationException($"`{CommandLine}` {why} (waiting for /{pattern}/). Output:\n{Output}");
            }

            await _newLine.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _newLine.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.Append(line).Append('\n');
            }

            _newLine.Release();
        }
    }
}
