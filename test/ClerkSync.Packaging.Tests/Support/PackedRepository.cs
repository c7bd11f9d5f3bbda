using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using ClerkSync.TestKit;

[assembly: AssemblyFixture(typeof(ClerkSync.Packaging.Tests.Support.PackedRepository))]

namespace ClerkSync.Packaging.Tests.Support;

/// <summary>
/// Once per test run: <c>bash eng/pack.sh</c> into .artifacts/packages, then <c>dotnet tool install ClerkSync.Cli
/// --tool-path</c> from that folder. Every restore here uses a NuGet packages folder of its own, so that a package of
/// the same version cached by an earlier build cannot stand in for the one just packed.
/// </summary>
public sealed class PackedRepository : IAsyncLifetime
{
    /// <summary>Generous bounds for a loaded 2-core machine; a cold pack (nothing built yet) is the slow case.</summary>
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);

    public static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(4);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("clerksync-packaging-");

    /// <summary>Gets the folder eng/pack.sh writes: .artifacts/packages.</summary>
    public static string Packages => Path.Combine(RepositoryPaths.Root, ".artifacts", "packages");

    /// <summary>Gets the version of every package, from version.props.</summary>
    public static string Version { get; } =
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "version.props")).Descendants("VersionPrefix").Single().Value.Trim();

    public string PackOutput { get; private set; } = string.Empty;

    public string ToolInstallOutput { get; private set; } = string.Empty;

    /// <summary>Gets the installed tool's command, <c>clerk-sync</c> in the tool path.</summary>
    public string ClerkSync => Path.Combine(_work.FullName, "tools", "clerk-sync");

    /// <summary>Gets a new empty folder under this run's temporary folder.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(_work.FullName, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>Gets the environment of a restore that sees no package cached before this run.</summary>
    public IReadOnlyDictionary<string, string?> IsolatedNuGet(string name) =>
        new Dictionary<string, string?> { ["NUGET_PACKAGES"] = IsolatedNuGetFolder(name) };

    /// <summary>Gets the NuGet packages folder of <see cref="IsolatedNuGet"/>.</summary>
    public string IsolatedNuGetFolder(string name) => Path.Combine(_work.FullName, "nuget-" + name);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask InitializeAsync()
    {
        var (packExit, packOutput) = await ChildProcess.RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "eng", "pack.sh")], RepositoryPaths.Root, PackTimeout);
        PackOutput = packOutput;
        if (packExit != 0)
        {
            throw new InvalidOperationException($"bash eng/pack.sh exited with {packExit}:\n{packOutput}");
        }

        // From a folder outside the repository, as a user would: only the user's feeds plus --add-source.
        var (installExit, installOutput) = await ChildProcess.RunAsync(
            "dotnet",
            ["tool", "install", "ClerkSync.Cli", "--tool-path", Path.Combine(_work.FullName, "tools"), "--add-source", Packages],
            _work.FullName,
            RestoreTimeout,
            IsolatedNuGet("tool"));
        ToolInstallOutput = $"exit {installExit}\n{installOutput}";
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }
}
