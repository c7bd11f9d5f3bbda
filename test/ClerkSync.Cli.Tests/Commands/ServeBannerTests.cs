using ClerkSync.Cli.Commands;

namespace ClerkSync.Cli.Tests.Commands;

/// <summary>The banner's send command (issue #12): the form that works where the user is, and never a secret.</summary>
public sealed class ServeBannerTests : IDisposable
{
    private readonly DirectoryInfo _checkout = Directory.CreateTempSubdirectory("clerk-sync-checkout-");

    public void Dispose() => _checkout.Delete(recursive: true);

    private string Project => Path.Combine(_checkout.FullName, "src", "ClerkSync.Cli");

    private string BuildOutput(string configuration)
    {
        Directory.CreateDirectory(Project);
        File.WriteAllText(Path.Combine(Project, "ClerkSync.Cli.csproj"), "<Project />");
        return Directory.CreateDirectory(Path.Combine(Project, "bin", configuration, "net10.0")).FullName + Path.DirectorySeparatorChar;
    }

    [Fact]
    public void Invocation_FromACheckoutAtItsRoot_IsDotnetRunWithTheRelativeProject()
    {
        Assert.Equal("dotnet run -c Release --project src/ClerkSync.Cli --", ServeBanner.Invocation(BuildOutput("Release"), _checkout.FullName));
    }

    [Fact]
    public void Invocation_DebugBuildFromInsideSrc_KeepsTheConfigurationAndThePathFromThere()
    {
        Assert.Equal("dotnet run -c Debug --project ClerkSync.Cli --", ServeBanner.Invocation(BuildOutput("Debug"), Path.Combine(_checkout.FullName, "src")));
    }

    [Fact]
    public void Invocation_FromACheckoutButElsewhere_UsesTheAbsoluteProjectPath()
    {
        var elsewhere = Directory.CreateTempSubdirectory("clerk-sync-elsewhere-");
        try
        {
            Assert.Equal($"dotnet run -c Release --project {Project} --", ServeBanner.Invocation(BuildOutput("Release"), elsewhere.FullName));
        }
        finally
        {
            elsewhere.Delete();
        }
    }

    [Fact]
    public void Invocation_InstalledTool_IsClerkSync()
    {
        // dotnet tool install lays the tool out as .store/<id>/<version>/<id>/<version>/tools/net10.0/any/.
        var store = Directory.CreateDirectory(Path.Combine(_checkout.FullName, ".store", "clerksync.cli", "0.1.0", "clerksync.cli", "0.1.0", "tools", "net10.0", "any")).FullName;

        Assert.Equal("clerk-sync", ServeBanner.Invocation(store, _checkout.FullName));
        Assert.Equal("clerk-sync", ServeBanner.Invocation(AppContext.BaseDirectory, _checkout.FullName));
    }

    [Fact]
    public void SendCommandLine_DefaultUrlAndDatabase_IsJustSendAll()
    {
        var database = Path.Combine(_checkout.FullName, "clerk-sync.db");

        Assert.Equal("clerk-sync send --all", ServeBanner.SendCommandLine("clerk-sync", SendCommand.DefaultUrl, database, _checkout.FullName));
    }

    [Fact]
    public void SendCommandLine_OtherUrlAndDatabase_NamesBothButNoSecret()
    {
        var database = Path.Combine(_checkout.FullName, "data", "local.db");

        var line = ServeBanner.SendCommandLine("clerk-sync", "http://127.0.0.1:5999/api/webhooks/clerk", database, _checkout.FullName);

        Assert.Equal($"clerk-sync send --all --url http://127.0.0.1:5999/api/webhooks/clerk --db {database}", line);
        Assert.DoesNotContain("--secret", line, StringComparison.Ordinal);
    }

    [Fact]
    public void SendCommandLine_ConfiguredSecret_NeedsNoDatabase()
    {
        Assert.Equal("clerk-sync send --all", ServeBanner.SendCommandLine("clerk-sync", SendCommand.DefaultUrl, devSecretDatabase: null, _checkout.FullName));
    }
}
