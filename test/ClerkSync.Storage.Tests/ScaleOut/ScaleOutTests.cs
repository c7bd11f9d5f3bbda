using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using ClerkSync.Storage.Tests.Mirror;
using ClerkSync.TestKit;
using ClerkSync.Webhooks;
using Npgsql;

namespace ClerkSync.Storage.Tests.ScaleOut;

/// <summary>
/// Issue #4, section 5: two <c>clerk-sync serve</c> processes on one PostgreSQL database share 10,000 deliveries
/// (duplicates included). Each process records every handler invocation (svix id) in its own file
/// (<c>CLERKSYNC_INVOCATION_LOG</c>). With nothing failing, every svix id is handled exactly once across both, no row is
/// left pending, and the mirror equals the in-order projection of the distinct events.
/// </summary>
public sealed partial class ScaleOutTests : IDisposable
{
    private const int Deliveries = 10_000;
    private const int Distinct = 7_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("clerksync-scaleout-").FullName;
    private readonly List<Process> _processes = [];

    [Fact]
    public async Task Serve_TwoInstancesOnePostgreSql_EachEventHandledOnceAndMirrorConverges()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var connectionString = await PostgresServer.CreateDatabaseAsync(nameof(ScaleOutTests));
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var urls = new[]
        {
            await StartServeAsync(connectionString, secret, Path.Combine(_dir, "a.log"), timeout.Token),
            await StartServeAsync(connectionString, secret, Path.Combine(_dir, "b.log"), timeout.Token),
        };

        // 7,000 distinct events and 3,000 duplicates (Svix retries: same id, same bytes), shuffled, alternately sent to
        // the two instances (a duplicate often lands on the other one).
        var events = MirrorWorkload.Generate(round: 42, Distinct);
        var random = new Random(42);
        var deliveries = events.Concat(Enumerable.Range(0, Deliveries - Distinct).Select(_ => events[random.Next(Distinct)])).ToArray();
        random.Shuffle(deliveries);
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var next = -1;
        var senders = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < deliveries.Length)
            {
                var delivery = deliveries[i];
                var unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, urls[i % 2]) { Content = new ByteArrayContent(delivery.Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("svix-id", delivery.WebhookId);
                request.Headers.Add("svix-timestamp", unix.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("svix-signature", WebhookSigner.Sign(secret, delivery.WebhookId, unix, delivery.Body));
                using var response = await http.SendAsync(request, timeout.Token);
                Assert.True(response.IsSuccessStatusCode, $"{delivery.WebhookId}: {(int)response.StatusCode}");
            }
        })).ToArray();
        await Task.WhenAll(senders);
        var sent = clock.Elapsed;

        // Wait until every stored row is done.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(timeout.Token);
        while (true)
        {
            await using var count = new NpgsqlCommand("SELECT COUNT(*), COUNT(*) FILTER (WHERE status <> 'done') FROM clerk_sync_inbox", connection);
            await using var reader = await count.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            var (rows, notDone) = (reader.GetInt64(0), reader.GetInt64(1));
            if (rows == Distinct && notDone == 0)
            {
                break;
            }

            await Task.Delay(200, timeout.Token);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"sent {Deliveries} in {sent.TotalSeconds:F1} s, all done after {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var process in _processes)
        {
            process.Kill();
            await process.WaitForExitAsync(timeout.Token);
        }

        // Every svix id handled exactly once, across both processes.
        var invocations = (await File.ReadAllLinesAsync(Path.Combine(_dir, "a.log"), timeout.Token))
            .Concat(await File.ReadAllLinesAsync(Path.Combine(_dir, "b.log"), timeout.Token))
            .Where(l => l.Length > 0).ToArray();
        Assert.Equal(Distinct, invocations.Length);
        Assert.Equal(events.Select(e => e.WebhookId).Order(StringComparer.Ordinal), invocations.Order(StringComparer.Ordinal));

        // The mirror equals the in-order projection of the distinct events on a fresh database.
        await using var reference = await PostgreSqlMirror.OpenAsync(nameof(ScaleOutTests) + "_reference");
        var expected = await MirrorState.ProjectAsync(
            reference,
            new MirrorProjection(MirrorDialect.PostgreSql, TimeProvider.System),
            events.OrderBy(e => e.Timestamp).ThenBy(e => e.WebhookId, StringComparer.Ordinal).Select(e => new Delivery(e.WebhookId, e.Timestamp, System.Text.Encoding.UTF8.GetString(e.Body))));
        await using var transaction = await connection.BeginTransactionAsync(timeout.Token);
        Assert.Equal(expected, await MirrorState.DumpAsync(transaction));
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task<Uri> StartServeAsync(string connectionString, string secret, string invocationLog, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "clerk-sync.dll"), "serve", "--urls", "http://127.0.0.1:0", "--log-level", "Warning" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CLERK_WEBHOOK_SIGNING_SECRET"] = secret;
        start.Environment["ClerkSync__Storage__Provider"] = "PostgreSql";
        start.Environment["ClerkSync__Storage__ConnectionString"] = connectionString;
        start.Environment["CLERKSYNC_INVOCATION_LOG"] = invocationLog;
        var process = Process.Start(start)!;
        _processes.Add(process);
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (WebhookLine().Match(line) is { Success: true } match)
            {
                _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
                _ = process.StandardError.ReadToEndAsync(cancellationToken);
                return new Uri(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException("serve exited: " + await process.StandardError.ReadToEndAsync(cancellationToken));
    }

    [GeneratedRegex(@"Webhook URL:\s+(\S+)")]
    private static partial Regex WebhookLine();
}
