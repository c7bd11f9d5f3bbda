using ClerkSync.Service.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClerkSync.Service.Tests.Inbox;

public sealed class OptionsTests
{
    [Fact]
    public void AddClerkSync_NoSecret_ValidationSaysWhatToSet()
    {
        using var sp = Build(new Dictionary<string, string?>());
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value);
        Assert.Contains("CLERK_WEBHOOK_SIGNING_SECRET", ex.Message);
    }

    [Theory]
    [InlineData("CLERK_WEBHOOK_SIGNING_SECRET")]
    [InlineData("CLERK_WEBHOOK_SECRET")]
    public void AddClerkSync_ClerkEnvironmentVariable_IsUsed_SeveralForRotation(string name)
    {
        using var sp = Build(new() { [name] = ServiceHost.Secret + " whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD" });
        Assert.Equal(2, sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value.Secrets.Count);
    }

    [Fact]
    public void AddClerkSync_BindsSectionAndValidatesRetry()
    {
        using var sp = Build(new()
        {
            ["ClerkSync:Secrets:0"] = ServiceHost.Secret,
            ["ClerkSync:MaxBodyBytes"] = "2048",
            ["ClerkSync:Retry:BaseDelay"] = "00:10:00",
            ["ClerkSync:Retry:MaxDelay"] = "00:01:00",
        });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value);
        Assert.Contains("MaxDelay", ex.Message);
    }

    [Theory]
    [InlineData("1.00:00:00", true)]   // shorter than Svix's ~28 h of retries: a late retry would be processed twice
    [InlineData("00:00:00", false)]    // zero keeps done rows forever
    [InlineData("30.00:00:00", false)]
    public void AddClerkSync_RetainDone_ZeroOrAtLeastTwoDays(string value, bool rejected)
    {
        using var sp = Build(new() { ["ClerkSync:Secrets:0"] = ServiceHost.Secret, ["ClerkSync:RetainDone"] = value });
        if (rejected)
        {
            var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value);
            Assert.Contains("ClerkSync:RetainDone", ex.Message);
        }
        else
        {
            Assert.Equal(TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture), sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value.RetainDone);
        }
    }

    [Fact]
    public void AddClerkSync_BadSecret_MessageNeverEchoesIt()
    {
        using var sp = Build(new() { ["ClerkSync:Secrets:0"] = "whsec_not*base64" });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value);
        Assert.Contains("base64", ex.Message);
        Assert.DoesNotContain("not*base64", ex.Message);
    }

    [Fact]
    public void AddClerkSync_CalledTwice_IsIdempotent()
    {
        var services = new ServiceCollection();
        services.AddClerkSync();
        var count = services.Count;
        services.AddClerkSync();
        Assert.True(services.Count <= count + 2, $"{count} then {services.Count}");
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddClerkSync().AddSqliteStorage();
        return services.BuildServiceProvider();
    }
}
