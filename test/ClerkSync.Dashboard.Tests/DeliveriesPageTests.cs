using ClerkSync.Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClerkSync.Dashboard.Tests;

/// <summary>The dashboard in headless Chromium against a real serve (issue #13): list, filter, open, reveal, replay, CSRF, live.</summary>
public sealed class DeliveriesPageTests(DashboardServe serve) : IClassFixture<DashboardServe>
{
    [Fact]
    public async Task DeliveriesPage_ListsWhatWasSent_WithTypeAndSvixId_AndShowsTheDeadOneAsDead()
    {
        var page = await serve.NewPageAsync();
        var response = await page.GotoAsync(serve.Root);
        Assert.Equal(200, response!.Status);

        foreach (var (id, type, status) in new[]
        {
            (DashboardServe.AdaId, "user.created", "done"),
            (DashboardServe.OrgId, "organization.created", "done"),
            (DashboardServe.SessionId, "session.created", "done"),
            (DashboardServe.UnparseableId, "user.updated", "dead"),
            (DashboardServe.HandlerDeadId, "user.created", "dead"),
        })
        {
            var row = page.Locator($"tr[data-svix-id='{id}']");
            await Expect(row).ToContainTextAsync(type);
            await Expect(row.Locator("td.svix")).ToHaveTextAsync(id);
            await Expect(row.Locator(".status")).ToHaveTextAsync(status);
        }

        // Newest first: the seeded row was received five minutes before the others.
        var ids = await page.Locator("tbody#rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.svixId)");
        Assert.Equal(DashboardServe.HandlerDeadId, ids[^1]);
    }

    [Fact]
    public async Task FilterByDead_ListsOnlyTheDeadDeliveries_WithTheirErrors()
    {
        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root);
        await page.SelectOptionAsync("select[name=status]", "dead");
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=dead"));

        var statuses = await page.Locator("tbody#rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.status)");
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("dead", s));
        await Expect(page.Locator($"tr[data-svix-id='{DashboardServe.UnparseableId}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-svix-id='{DashboardServe.AdaId}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SearchByObjectId_FindsTheUsersDeliveries()
    {
        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root + "?q=user_dash_ada");
        var ids = await page.Locator("tbody#rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.svixId)");
        Assert.Equal([DashboardServe.AdaId], ids);
    }

    [Fact]
    public async Task OpenADelivery_ShowsItsHeadersWithTheSignatureRedacted_ItsAttemptsAndMirrorChanges()
    {
        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root);
        await page.ClickAsync($"tr[data-svix-id='{DashboardServe.AdaId}'] td.svix a");
        await Expect(page).ToHaveURLAsync(serve.Root + "deliveries/" + DashboardServe.AdaId);
        await Expect(page.Locator("h1")).ToHaveTextAsync("user.created " + DashboardServe.AdaId);
        await Expect(page.Locator("dl.summary .status")).ToHaveTextAsync("done");
        await Expect(page.Locator("table.headers")).ToContainTextAsync("v1,•••• (redacted: 1 signature)");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("done (attempt 1)");
        await Expect(page.Locator("table.changes")).ToContainTextAsync("clerk_users");

        var html = await page.ContentAsync();
        Assert.DoesNotMatch(@"v1,[A-Za-z0-9+/=]{20,}", html);
    }

    [Fact]
    public async Task MaskedEmail_IsNotInThePage_UntilRevealed()
    {
        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root + "deliveries/" + DashboardServe.AdaId);
        await Expect(page.Locator("#payload")).ToContainTextAsync("\"user_dash_ada\"");
        Assert.DoesNotContain(DashboardServe.AdaEmail, await page.ContentAsync());
        Assert.DoesNotContain("Lovelace", await page.ContentAsync());

        await page.ClickAsync("#reveal");
        await Expect(page.Locator("#revealed")).ToBeVisibleAsync();
        await Expect(page.Locator("#payload")).ToContainTextAsync(DashboardServe.AdaEmail);

        // Masked again on the next plain visit.
        await page.GotoAsync(serve.Root + "deliveries/" + DashboardServe.AdaId);
        Assert.DoesNotContain(DashboardServe.AdaEmail, await page.ContentAsync());
    }

    [Fact]
    public async Task Replay_TurnsADeadDeliveryPendingThenDone()
    {
        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root + "deliveries/" + DashboardServe.ReplayId);
        await Expect(page.Locator("dl.summary")).ToHaveAttributeAsync("data-status", "dead");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync(DashboardServe.HandlerError);

        await page.ClickAsync("#replay");
        await Expect(page.Locator("p.notice[role=status]")).ToContainTextAsync("Replayed");
        await serve.WaitForStatusAsync(DashboardServe.ReplayId, "done");
        await page.ReloadAsync();
        await Expect(page.Locator("dl.summary .status")).ToHaveTextAsync("done");
        await Expect(page.Locator("ol.timeline li strong")).ToHaveTextAsync(["dead", "replayed", "done"]);
    }

    [Fact]
    public async Task Replay_WithoutTheCsrfToken_IsRefused_AndChangesNothing()
    {
        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root + "deliveries/" + DashboardServe.UnparseableId);
        var url = serve.Root + "deliveries/" + DashboardServe.UnparseableId + "/replay";

        // From the dashboard's own origin, with its cookies: without the form's token, and with a forged one.
        var bare = await page.EvaluateAsync<int>("async url => (await fetch(url, { method: 'POST' })).status", url);
        var forged = await page.EvaluateAsync<int>(
            "async url => (await fetch(url, { method: 'POST', body: new URLSearchParams({ __RequestVerificationToken: 'forged' }) })).status",
            url);
        Assert.Equal(400, bare);
        Assert.Equal(400, forged);

        await page.ReloadAsync();
        await Expect(page.Locator("dl.summary")).ToHaveAttributeAsync("data-status", "dead");
        await Expect(page.Locator("ol.timeline li strong")).ToHaveTextAsync(["dead"]);
    }

    [Fact]
    public async Task DeliveriesPage_ShowsANewDelivery_WithoutAReload()
    {
        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root);
        await Expect(page.Locator("tr[data-svix-id='msg_dash_live']")).ToHaveCountAsync(0);

        await Deliveries.SendAsync(serve.Http, serve.Serve.WebhookUrl, "msg_dash_live", Deliveries.Example("role.created"));
        await Expect(page.Locator("tr[data-svix-id='msg_dash_live']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("tbody#rows tr").First).ToHaveAttributeAsync("data-svix-id", "msg_dash_live");
    }

    [Fact]
    public async Task Failures_PurgeAGroup_AfterAConfirmationThatSaysHowMany()
    {
        await Deliveries.SendAsync(serve.Http, serve.Serve.WebhookUrl, "msg_dash_purge_1", Deliveries.Unparseable("email.created"));
        await Deliveries.SendAsync(serve.Http, serve.Serve.WebhookUrl, "msg_dash_purge_2", Deliveries.Unparseable("email.created"));
        await serve.WaitForStatusAsync("msg_dash_purge_1", "dead");
        await serve.WaitForStatusAsync("msg_dash_purge_2", "dead");

        var page = await serve.NewPageAsync();
        await page.GotoAsync(serve.Root + "failures");
        var group = page.Locator("tr[data-group]", new() { HasText = "email.created" });
        await Expect(group.Locator("td").Nth(3)).ToHaveTextAsync("2");
        await group.Locator("a.button.danger").ClickAsync();
        await Expect(page.Locator("#confirm-text")).ToContainTextAsync("Permanently delete 2 dead email.created deliveries");

        await page.ClickAsync("#confirm");
        await Expect(page.Locator("p.notice[role=status]")).ToHaveTextAsync("Purged 2 dead email.created deliveries.");
        await Expect(page.Locator("tr[data-group]", new() { HasText = "email.created" })).ToHaveCountAsync(0);
        var gone = await page.GotoAsync(serve.Root + "deliveries/msg_dash_purge_1");
        Assert.Equal(404, gone!.Status);
    }

    [Fact]
    public async Task EveryPage_CarriesAContentSecurityPolicy_AndLoadsItsAssetsUnderIt()
    {
        var page = await serve.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        foreach (var path in new[] { string.Empty, "failures", "overview", "mirror?q=" + DashboardServe.AdaEmail, "deliveries/" + DashboardServe.AdaId })
        {
            var response = await page.GotoAsync(serve.Root + path);
            Assert.StartsWith("default-src 'none'", (await response!.AllHeadersAsync())["content-security-policy"]);
            Assert.Equal("rgb(17, 24, 39)", await page.Locator("header").EvaluateAsync<string>("h => getComputedStyle(h).backgroundColor"));
        }

        Assert.Empty(violations);
    }
}
