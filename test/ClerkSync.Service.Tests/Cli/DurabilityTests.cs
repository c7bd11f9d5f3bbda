using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ClerkSync.Inbox;
using ClerkSync.Service.Tests.Support;
using ClerkSync.Storage.Sqlite;
using ClerkSync.Webhooks;

namespace ClerkSync.Service.Tests.Cli;

public sealed class DurabilityTests
{
    [Fact]
    public async Task ServeKilledWithSigkillAfter2xx_AfterRestart_EveryAcknowledgedEventIsProcessed()
    {
        var db = Path.Combine(TempDirectory.Create(), "serve.db");
        var acked = new ConcurrentBag<string>();

        // Workers off: the rows stay pending, so the restart is what processes them.
        using (var serve = await ServeProcess.StartAsync(db, "--workers", "0"))
        {
            using var client = new HttpClient();
            var single = await PostAsync(client, serve.WebhookUrl, "msg_durable_0");
            Assert.Equal(HttpStatusCode.OK, single);
            acked.Add("msg_durable_0");

            // Then a burst: SIGKILL as soon as 50 of 200 concurrent deliveries are acknowledged.
            var killed = 0;
            await Task.WhenAll(Enumerable.Range(1, 200).Select(async i =>
            {
                var id = $"msg_durable_{i}";
                try
                {
                    if (await PostAsync(client, serve.WebhookUrl, id) == HttpStatusCode.OK)
                    {
                        acked.Add(id);
                        if (acked.Count >= 50 && Interlocked.Exchange(ref killed, 1) == 0)
                        {
                            serve.Kill();
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // Cut off by the kill: never acknowledged, so Svix would retry it.
                }
            }));
            Assert.Equal(1, killed);
        }

        await using (var store = new SqliteInboxStore(db))
        {
            foreach (var id in acked)
            {
                var row = await store.GetAsync(id);
                Assert.True(row is { Status: InboxStatus.Pending }, $"{id} was acknowledged but is {row?.Status.ToString() ?? "missing"}");
            }
        }

        using (await ServeProcess.StartAsync(db))
        {
            await using var store = new SqliteInboxStore(db);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            foreach (var id in acked)
            {
                while ((await store.GetAsync(id))?.Status != InboxStatus.Done)
                {
                    await Task.Delay(50, timeout.Token);
                }
            }
        }

        var (exit, output) = await ServeProcess.RunAsync("events", "show", "msg_durable_0", "--db", db, "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("done", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task EventsCommands_OnServeDatabase_ListReplayAndRefuseVagueReplay()
    {
        var db = Path.Combine(TempDirectory.Create(), "events.db");
        using (var serve = await ServeProcess.StartAsync(db, "--workers", "0"))
        {
            using var client = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, await PostAsync(client, serve.WebhookUrl, "msg_cli_1"));
        }

        var (exit, output) = await ServeProcess.RunAsync("events", "list", "--db", db, "--json");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal("msg_cli_1", json.RootElement[0].GetProperty("webhook_id").GetString());
        }

        Assert.Equal(2, (await ServeProcess.RunAsync("events", "replay", "--db", db)).ExitCode);
        Assert.Equal(2, (await ServeProcess.RunAsync("events", "list", "--db", db + ".missing")).ExitCode);
        var (deadExit, deadOutput) = await ServeProcess.RunAsync("events", "dead", "--db", db, "--json");
        Assert.Equal(0, deadExit);
        Assert.Equal("[]", deadOutput.Trim());
        var (replayExit, replayOutput) = await ServeProcess.RunAsync("events", "replay", "--all", "--db", db, "--json");
        Assert.Equal(0, replayExit);
        Assert.Contains("\"replayed\":0", replayOutput);
    }

    [Fact]
    public async Task EventsPurge_DeletesFinishedRowsOlderThanTheCutOff_RefusesVagueOrUnfinished()
    {
        // Ten days ago: one delivery done, one dead; one still pending.
        var db = Path.Combine(TempDirectory.Create(), "purge.db");
        var tenDaysAgo = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-10));
        await using (var store = new SqliteInboxStore(db, tenDaysAgo))
        {
            await store.InitializeAsync();
            foreach (var id in new[] { "msg_done", "msg_dead" })
            {
                await store.AddAsync(StoredDelivery(id, tenDaysAgo.GetUtcNow()));
            }

            foreach (var claimed in await store.ClaimAsync("w1", 10, TimeSpan.FromMinutes(1)))
            {
                Assert.True(claimed.WebhookId == "msg_done"
                    ? await store.CompleteAsync(claimed, "w1", null)
                    : await store.FailAsync(claimed, "w1", "System.Exception: x", null));
            }

            await store.AddAsync(StoredDelivery("msg_pending", tenDaysAgo.GetUtcNow()));
        }

        var (noAge, noAgeOutput) = await ServeProcess.RunAsync("events", "purge", "--db", db);
        Assert.Equal(2, noAge);
        Assert.Contains("--older-than", noAgeOutput);
        var (badAge, badAgeOutput) = await ServeProcess.RunAsync("events", "purge", "--older-than", "soon", "--db", db);
        Assert.Equal(2, badAge);
        Assert.Contains("--older-than must be", badAgeOutput);
        var (unfinished, unfinishedOutput) = await ServeProcess.RunAsync("events", "purge", "--older-than", "1d", "--status", "pending", "--db", db);
        Assert.Equal(2, unfinished);
        Assert.Contains("only done and dead", unfinishedOutput);

        // Not old enough: nothing. Old enough: the done row only, then the dead row when asked.
        Assert.Contains("\"purged\":0", (await ServeProcess.RunAsync("events", "purge", "--older-than", "11d", "--db", db, "--json")).Output);
        var (exit, output) = await ServeProcess.RunAsync("events", "purge", "--older-than", "7d", "--db", db, "--json");
        Assert.Equal(0, exit);
        Assert.Contains("\"purged\":1", output);
        await using (var store = new SqliteInboxStore(db))
        {
            Assert.Null(await store.GetAsync("msg_done"));
            Assert.Equal(InboxStatus.Dead, (await store.GetAsync("msg_dead"))!.Status);
            Assert.Equal(InboxStatus.Pending, (await store.GetAsync("msg_pending"))!.Status);
        }

        Assert.Contains("\"purged\":1", (await ServeProcess.RunAsync("events", "purge", "--older-than", "7d", "--status", "dead", "--db", db, "--json")).Output);
        await using (var store = new SqliteInboxStore(db))
        {
            Assert.Null(await store.GetAsync("msg_dead"));
            Assert.NotNull(await store.GetAsync("msg_pending"));
        }
    }

    [Fact]
    public async Task Serve_WithoutSecret_GeneratesDevSecretBesideDatabase_AndReusesIt()
    {
        var dir = TempDirectory.Create();
        var db = Path.Combine(dir, "dev.db");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { ServeProcess.CliPath, "serve", "--urls", "http://127.0.0.1:0", "--db", db })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("CLERK_WEBHOOK_SIGNING_SECRET");
        start.Environment.Remove("CLERK_WEBHOOK_SECRET");
        using var process = System.Diagnostics.Process.Start(start)!;
        var banner = new StringBuilder();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            banner.AppendLine(line);
            if (line.Contains("Ctrl+C", StringComparison.Ordinal))
            {
                break;
            }
        }

        process.Kill();
        await process.WaitForExitAsync();
        var secret = File.ReadAllText(db + ".dev-secret").Trim();
        Assert.StartsWith("whsec_", secret);
        Assert.DoesNotContain(secret, banner.ToString()); // the banner names it by fingerprint only (#12)
        Assert.Contains(ClerkSync.Webhooks.WebhookSecret.Fingerprint(secret), banner.ToString());
        Assert.Contains("local use only", banner.ToString());
        Assert.Contains("/api/webhooks/clerk", banner.ToString());
    }

    private static InboxDelivery StoredDelivery(string id, DateTimeOffset receivedAt) => new()
    {
        WebhookId = id,
        EventType = "user.created",
        EventTimestamp = receivedAt.ToUnixTimeMilliseconds(),
        EntityKey = "user:" + id,
        ReceivedAt = receivedAt,
        Body = Encoding.UTF8.GetBytes($$"""{"data":{"object":"user","id":"{{id}}"},"object":"event","type":"user.created","timestamp":1}"""),
        SignatureTimestamp = "1750000000",
        Signature = "v1,c2lnbmF0dXJl",
    };

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, Uri url, string id)
    {
        var body = Encoding.UTF8.GetBytes(Payloads.UserCreated("user_" + id));
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.Add("svix-id", id);
        request.Headers.Add("svix-timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("svix-signature", WebhookSigner.Sign(ServiceHost.Secret, id, ts, body));
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
