using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using ClerkSync.Cli.Tests.Support;
using ClerkSync.TestKit;
using ClerkSync.Webhooks;
using Microsoft.Data.Sqlite;

namespace ClerkSync.Cli.Tests.Reliability;

/// <summary>
/// Issue #10: <c>clerk-sync serve</c> as a process against storage that refuses writes (damaged pages, a full disk, a
/// lock held by another process), storage it cannot open, and a second serve on the same file. What the sender sees
/// (503 with Retry-After, fast), what /healthz says (Unhealthy while writes are refused, Healthy again after), what the
/// log says (one short line per refusal, rate-limited, the stack once), and the exit code when it cannot start.
/// docs/reliability.md, "Faults and recovery", is the table of these.
/// </summary>
public sealed partial class StorageFaultTests
{
    private readonly string _secret = WebhookSecret.Generate();

    [Fact]
    public async Task Serve_InboxPagesOverwritten_Refuses503_HealthzNot200_OneLinePerRefusalAndTheStackOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var serve = ServeProcess.InNewFolder("corrupt", _secret);
        await serve.StartAsync(ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, serve, $"msg_before_{i}", UserCreated($"user_{i}"), ct)).StatusCode);
        }

        serve.Kill();
        Assert.True(SqliteDamage.OverwriteInboxPages(serve.Database, seed: 42) >= 1);
        await serve.StartAsync(ct);

        // The start-up check says it in one line naming the file, and "ready" is not claimed.
        Assert.Matches($"crit: .*\\n.*Writes to the SQLite database {Regex.Escape(serve.Database)} are refused from now on: database corrupt: quick_check reports ", serve.Output);
        Assert.DoesNotContain("SQLite inbox ready", serve.Output, StringComparison.Ordinal);

        const int Refusals = 30;
        for (var i = 0; i < Refusals; i++)
        {
            using var response = await PostAsync(http, serve, $"msg_refused_{i:D2}", UserCreated($"user_r{i}"), ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }

        using (var health = await http.GetAsync(new Uri(serve.BaseUrl, "/healthz"), ct))
        {
            var body = await health.Content.ReadAsStringAsync(ct);
            Assert.True(health.StatusCode == HttpStatusCode.ServiceUnavailable, $"/healthz answered {(int)health.StatusCode}: {body}");
            Assert.Contains("Unhealthy", body, StringComparison.Ordinal);
            Assert.Contains("is corrupt", body, StringComparison.Ordinal);
        }

        // One short line per refusal naming the id and the reason, at most 5 per 10 s; one stack trace in all.
        await Task.Delay(1000, ct);
        var log = serve.Output;
        var lines = RefusalLine().Matches(log);
        Assert.InRange(lines.Count, 1, 10);
        Assert.All(lines, line => Assert.StartsWith("database corrupt: quick_check reports", line.Groups["reason"].Value, StringComparison.Ordinal));
        var traced = log.Split('\n').Where(l => l.Contains("StorageUnavailableException: ", StringComparison.Ordinal)).ToList();
        Assert.True(traced.Count == 1, $"the exception was logged {traced.Count} times, not once:\n{string.Join('\n', traced)}\n--- log ---\n{log}");
        Assert.True(Regex.Count(log, @"^\s+at ", RegexOptions.Multiline) < 40, "more than one stack trace:\n" + log);
    }

    [Fact]
    public async Task Serve_DiskFull_Refuses503_HealthzUnhealthy_ThenHealthyAndStoringWhenSpaceIsFreed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var disk = TinyDisk.Mount(megabytes: 16);
        await using var serve = new ServeProcess(Path.Combine(disk.Path, "full.db"), _secret);
        await serve.StartAsync(ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, serve, "msg_before", UserCreated("user_1"), ct)).StatusCode);

        // Idle, serve truncates its WAL to zero bytes; then nothing is left on the disk, so no write finds room in the
        // WAL: every delivery is refused (SQLITE_FULL), and so is the health check's probe.
        var wal = new FileInfo(serve.Database + "-wal");
        var clock = Stopwatch.StartNew();
        while (WalBytes(wal) != 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200, ct);
        }

        Assert.True(WalBytes(wal) == 0, $"the WAL is {WalBytes(wal)} bytes after {clock.Elapsed.TotalSeconds:F0} s idle");
        disk.Fill();
        var refusedAt = -1;
        for (var i = 0; i < 60 && refusedAt < 0; i++)
        {
            using var response = await PostAsync(http, serve, $"msg_big_{i:D2}", Padded(256 * 1024), ct);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                refusedAt = i;
                Assert.NotNull(response.Headers.RetryAfter);
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.True(refusedAt >= 0, "60 deliveries of 256 KB were stored on a full 16 MB disk");
        var (status, body) = await HealthAsync(http, serve, ct);
        Assert.True(status == HttpStatusCode.ServiceUnavailable, $"/healthz answered {(int)status} while the disk is full: {body}");
        Assert.Contains("cannot grow", body, StringComparison.Ordinal);

        // Space again: /healthz probes with a write of its own and turns Healthy; deliveries are stored again.
        disk.Free();
        clock.Restart();
        (status, body) = await HealthAsync(http, serve, ct);
        while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200, ct);
            (status, body) = await HealthAsync(http, serve, ct);
        }

        Assert.True(status == HttpStatusCode.OK, $"/healthz still {(int)status} {clock.Elapsed.TotalSeconds:F0} s after the disk was freed: {body}");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, serve, $"msg_big_{refusedAt:D2}", Padded(256 * 1024), ct)).StatusCode);
    }

    [Fact]
    public async Task Serve_DatabaseLockedByAnotherProcess_503WithRetryAfterWithinSeconds_ThenStoredWhenReleased()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var serve = ServeProcess.InNewFolder("locked", _secret);
        await serve.StartAsync(ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, serve, "msg_before", UserCreated("user_1"), ct)).StatusCode);

        await using (var holder = new SqliteConnection($"Data Source={serve.Database};Pooling=false"))
        {
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }

            // Svix waits 15 s for an answer; before issue #10 this took 41-56 s (a 30 s busy timeout, twice).
            var clock = Stopwatch.StartNew();
            using var response = await PostAsync(http, serve, "msg_locked", UserCreated("user_2"), ct);
            var waited = clock.Elapsed;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.True(waited < TimeSpan.FromSeconds(10), $"answered after {waited.TotalSeconds:F1} s");
            var (status, body) = await HealthAsync(http, serve, ct);
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"/healthz answered {(int)status} while locked: {body}");
            Assert.Contains("locked by another process", body, StringComparison.Ordinal);

            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, serve, "msg_locked", UserCreated("user_2"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(http, serve, ct)).Status);
    }

    [Fact]
    public async Task Serve_SecondServeOnTheSameDatabase_RefusedWithExitCode3_FirstKeepsServing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = ServeProcess.InNewFolder("twice", _secret);
        await first.StartAsync(ct);
        await using var second = new ServeProcess(first.Database, _secret);

        var (exit, output, error) = await second.RunToExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCode.StorageUnavailable, exit);
        Assert.Equal(
            $"The SQLite database {first.Database} is already used by another ClerkSync instance: its process holds {first.Database}.lock (which names its pid). SQLite serves one instance: stop the other one, or give this one another database (--db); several instances need PostgreSQL.",
            error.Trim());
        Assert.DoesNotContain("Unhandled exception", output + error, StringComparison.Ordinal);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, first, "msg_first", UserCreated("user_1"), ct)).StatusCode);
        Assert.Contains($"pid {first.Pid} ", await ReadUnlockedAsync(first.Database + ".lock"), StringComparison.Ordinal);

        // The lock ends with its process, however it ends.
        first.Kill();
        await second.StartAsync(ct);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, second, "msg_second", UserCreated("user_2"), ct)).StatusCode);
    }

    [Theory]
    [InlineData("garbage header", "is not a SQLite database: file is not a database")]
    [InlineData("read-only folder", "Read-only file system")]
    [InlineData("folder is a file", "Cannot create the folder")]
    public async Task Serve_DatabaseCannotBeOpened_OneMessageNamingPathAndCause_ExitCode3(string fault, string cause)
    {
        var folder = Directory.CreateTempSubdirectory("clerk-sync-open-").FullName;
        TinyDisk? disk = null;
        try
        {
            var database = Path.Combine(folder, "inbox.db");
            switch (fault)
            {
                case "garbage header":
                    SqliteDamage.WriteGarbage(database, 32 * 1024, seed: 7);
                    break;
                case "read-only folder":
                    disk = TinyDisk.Mount(megabytes: 1, readOnly: true);
                    database = Path.Combine(disk.Path, "inbox.db");
                    break;
                default:
                    await File.WriteAllTextAsync(Path.Combine(folder, "file"), "not a folder", TestContext.Current.CancellationToken);
                    database = Path.Combine(folder, "file", "inbox.db");
                    break;
            }

            await using var serve = new ServeProcess(database, _secret);
            var (exit, output, error) = await serve.RunToExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(ExitCode.StorageUnavailable, exit);
            var message = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains(database, message, StringComparison.Ordinal);
            Assert.Contains(cause, message, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", output + error, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?m)^\s+at ", output + error);
        }
        finally
        {
            disk?.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static byte[] UserCreated(string userId) =>
        Encoding.UTF8.GetBytes($$"""{"data":{"id":"{{userId}}","object":"user","updated_at":1716883200000},"object":"event","type":"user.created","timestamp":1716883200000}""");

    // An event type the catalog does not know (kept and processed as unknown), padded to take room on disk.
    private static byte[] Padded(int bytes) =>
        Encoding.UTF8.GetBytes($$"""{"data":{"pad":"{{new string('x', bytes)}}"},"object":"event","type":"test.padding","timestamp":1716883200000}""");

    private async Task<HttpResponseMessage> PostAsync(HttpClient http, ServeProcess serve, string id, byte[] body, CancellationToken ct)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, serve.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("svix-id", id);
        request.Headers.Add("svix-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("svix-signature", WebhookSigner.Sign(_secret, id, timestamp, body));
        return await http.SendAsync(request, ct);
    }

    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(HttpClient http, ServeProcess serve, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(serve.BaseUrl, "/healthz"), ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static long WalBytes(FileInfo wal)
    {
        wal.Refresh();
        return wal.Exists ? wal.Length : -1;
    }

    // .NET takes a shared lock to read a file, which the holder's exclusive one refuses; cat takes none.
    private static async Task<string> ReadUnlockedAsync(string path)
    {
        var start = new ProcessStartInfo("cat") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text;
    }

    [GeneratedRegex(@"Could not store (?<id>msg_refused_\d\d) \(user\.created\): (?<reason>[^\n]*); answered 503")]
    private static partial Regex RefusalLine();
}
