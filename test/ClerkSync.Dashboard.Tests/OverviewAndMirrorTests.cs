using ClerkSync.Dashboard.Tests.Support;
using ClerkSync.TestKit;
using static Microsoft.Playwright.Assertions;

namespace ClerkSync.Dashboard.Tests;

/// <summary>The Overview and Mirror pages in Chromium, and the screenshots docs/dashboard.md shows (issue #13).</summary>
public sealed class OverviewAndMirrorTests(DashboardServe serve) : IClassFixture<DashboardServe>
{
    /// <summary>Set to write the screenshots into docs/images (the committed ones); otherwise they go to a temp folder.</summary>
    public const string ScreenshotsVariable = "CLERKSYNC_SCREENSHOTS";

    [Fact]
    public async Task Overview_ChartsWhatThisProcessReceivedAndProcessed_AndTheInboxByStatus()
    {
        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root + "overview");
        await Expect(page.Locator("#last-delivery")).ToContainTextAsync("ago");
        var legend = page.Locator("figure.chart figcaption").First;
        await Expect(legend).ToContainTextAsync("received (4)");
        await Expect(legend).ToContainTextAsync("processed (3)");
        await Expect(legend).ToContainTextAsync("failed (1)");

        // The bars are the inbox statistics the monitor refreshes every 5 s (InboxMonitor.RefreshInterval), not a query
        // per page view: reload until a refresh after the deliveries is shown. The two seeded dead rows and the
        // unparseable one are dead.
        string[] expected = ["pending", "0", "processing", "0", "done", "3", "failed", "0", "dead", "3"];
        var bars = page.Locator("svg[aria-label='Inbox rows by status'] text");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string[] seen;
        while (!(seen = [.. await bars.AllTextContentsAsync()]).SequenceEqual(expected) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        Assert.True(seen.SequenceEqual(expected), $"status bars after 30 s: [{string.Join(", ", seen)}]");
    }

    [Fact]
    public async Task Mirror_FindsAUserByEmail_ShowsItsHistory_AndMasksItUntilRevealed()
    {
        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root + "mirror");
        await Expect(page.Locator("table.mirror-stats")).ToContainTextAsync("clerk_users");
        await page.FillAsync("input[name=q]", DashboardServe.AdaEmail);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("main h2").First).ToHaveTextAsync("clerk_users user_dash_ada");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync(DashboardServe.AdaId);
        Assert.DoesNotContain("Lovelace", await page.Locator("table.mirror-row").InnerHTMLAsync());

        await page.ClickAsync("#reveal");
        await Expect(page.Locator("table.mirror-row")).ToContainTextAsync("Lovelace");
    }

    [Fact]
    public async Task Screenshots_OfEveryPage()
    {
        var folder = Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 }
            ? Path.Combine(RepositoryPaths.Root, "docs", "images")
            : Directory.CreateTempSubdirectory("clerk-sync-screenshots-").FullName;
        Directory.CreateDirectory(folder);
        var page = await serve.NewPageAsync();
        foreach (var (name, path) in new[]
        {
            ("dashboard-deliveries", string.Empty),
            ("dashboard-delivery", "deliveries/" + DashboardServe.AdaId),
            ("dashboard-failures", "failures"),
            ("dashboard-overview", "overview"),
            ("dashboard-mirror", "mirror?q=user_dash_ada"),
        })
        {
            await page.GotoAsync(serve.Root + path);
            var file = Path.Combine(folder, name + ".png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = path.StartsWith("deliveries/", StringComparison.Ordinal) is false });
            Assert.True(new FileInfo(file).Length > 10_000, $"{file} is {new FileInfo(file).Length} bytes: an empty page?");
        }
    }
}
