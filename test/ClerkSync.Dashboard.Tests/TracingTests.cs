using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using ClerkSync.Cli.Tests.Support;
using ClerkSync.Dashboard.Tests.Support;
using ClerkSync.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClerkSync.Dashboard.Tests;

/// <summary>Traces (issue #13): receive and process spans with their steps, linked by svix id; OTLP export from serve.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task ADelivery_IsAReceiveSpan_AndAProcessSpanLinkedToIt_EachWithItsSteps()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ClerkSyncTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await DashboardHost.StartAsync();

        await Deliveries.SendAsync(host.Client, host.WebhookUrl, "msg_trace_ok", Deliveries.Example("user.created"));
        await Deliveries.SendAsync(host.Client, host.WebhookUrl, "msg_trace_dead", Deliveries.Unparseable("user.created"));
        using (var forged = new HttpRequestMessage(HttpMethod.Post, host.WebhookUrl) { Content = new StringContent("{}", Encoding.UTF8, "application/json") })
        {
            forged.Headers.Add("svix-id", "msg_trace_forged");
            forged.Headers.Add("svix-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            forged.Headers.Add("svix-signature", "v1,bm90IGEgc2lnbmF0dXJl");
            Assert.Equal(401, (int)(await host.Client.SendAsync(forged)).StatusCode);
        }

        Activity Find(string name, string svixId) => WaitFor(spans, a => a.OperationName == name && (string?)a.GetTagItem("messaging.message.id") == svixId, $"{name} of {svixId}");

        var receive = Find("clerksync.receive", "msg_trace_ok");
        Assert.Equal("user.created", receive.GetTagItem("clerksync.event_type"));
        Assert.Equal("stored", receive.GetTagItem("clerksync.result"));
        var steps = spans.Where(a => a.ParentSpanId == receive.SpanId).Select(a => a.OperationName).Order().ToArray();
        Assert.Equal(["clerksync.store", "clerksync.verify"], steps);

        var process = Find("clerksync.process", "msg_trace_ok");
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.NotEqual(receive.TraceId, process.TraceId);
        Assert.Equal(receive.Context.SpanId, Assert.Single(process.Links).Context.SpanId);
        WaitFor(spans, a => a.OperationName == "clerksync.mirror" && a.ParentSpanId == process.SpanId, "the mirror step");
        Assert.Equal(["clerksync.handlers", "clerksync.mirror", "clerksync.parse"], spans.Where(a => a.ParentSpanId == process.SpanId).Select(a => a.OperationName).Order().ToArray());
        Assert.Equal(ActivityStatusCode.Unset, process.Status);

        var dead = Find("clerksync.process", "msg_trace_dead");
        Assert.Equal(ActivityStatusCode.Error, dead.Status);
        Assert.Equal("ClerkEventParseException", dead.StatusDescription);

        var refused = WaitFor(spans, a => a.OperationName == "clerksync.receive" && (string?)a.GetTagItem("clerksync.rejected") == "no_matching_signature", "the refused receive");
        Assert.Equal(ActivityStatusCode.Error, refused.Status);
    }

    [Fact]
    public async Task Serve_ExportsItsSpansOverOtlp_ToTheConfiguredEndpoint()
    {
        var received = new ConcurrentQueue<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var collector = builder.Build();
        collector.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1/traces";

        await using var serve = ServeProcess.InNewFolder("traces", Deliveries.Secret);
        serve.Environment["ClerkSync__Tracing__OtlpEndpoint"] = endpoint;
        serve.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        await serve.StartAsync();
        using var http = new HttpClient();
        await Deliveries.SendAsync(http, serve.WebhookUrl, "msg_trace_otlp", Deliveries.Example("organization.created"));

        // OTLP/HTTP protobuf: span names and attribute values are plain UTF-8 strings in the message.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string Seen() => string.Join('\n', received.Select(Encoding.UTF8.GetString));
        while (DateTime.UtcNow < deadline && !(Seen().Contains("clerksync.process", StringComparison.Ordinal) && Seen().Contains("clerksync.receive", StringComparison.Ordinal)))
        {
            await Task.Delay(100);
        }

        var seen = Seen();
        Assert.True(seen.Contains("clerksync.receive", StringComparison.Ordinal) && seen.Contains("clerksync.process", StringComparison.Ordinal), $"{received.Count} OTLP posts within 30 s, without both spans: {System.Text.RegularExpressions.Regex.Replace(seen, "[^ -~]", ".")}");
        Assert.Contains("msg_trace_otlp", seen);
        Assert.Contains("clerksync.mirror", seen);
        Assert.Contains("clerksync.verify", seen);
    }

    private static Activity WaitFor(ConcurrentQueue<Activity> spans, Func<Activity, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (spans.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"no span for {what} within 20 s; saw {string.Join(", ", spans.Select(s => s.OperationName))}");
    }
}
