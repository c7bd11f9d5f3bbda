using BenchmarkDotNet.Attributes;
using ClerkSync.Webhooks;

namespace ClerkSync.Benchmarks;

/// <summary>
/// What every delivery costs: the endpoint's envelope pass (<see cref="ClerkEventEnvelope.TryRead"/>) and the worker's
/// full parse (<see cref="ClerkEvents.Parse"/>), on a user, a membership (nested organization) and an email (HTML body).
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] _payload = [];

    [Params("user.created", "organizationMembership.created", "email.created")]
    public string EventType { get; set; } = "user.created";

    [GlobalSetup]
    public void Setup() =>
        _payload = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Resources", EventType, "openapi.json"));

    [Benchmark(Baseline = true)]
    public bool EnvelopeTryRead() => ClerkEventEnvelope.TryRead(_payload, out _, out _);

    [Benchmark]
    public ClerkEvent Parse() => ClerkEvents.Parse(_payload);
}
