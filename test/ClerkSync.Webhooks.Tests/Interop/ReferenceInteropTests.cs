using ClerkSync.Webhooks;

namespace ClerkSync.Webhooks.Tests.Interop;

/// <summary>
/// Random deliveries signed by one side and verified by both: the reference Node libraries (standardwebhooks, svix)
/// and ClerkSync must give the same verdict, and the one the tampering calls for. Set CLERKSYNC_INTEROP_SEED to replay
/// a failure; the seed is printed in every failure message.
/// </summary>
public sealed class ReferenceInteropTests(NodeOracle oracle) : IClassFixture<NodeOracle>
{
    private const int Cases = 500;
    private const int LargeBodies = 3;

    public static TheoryData<string> Libraries => [NodeOracle.StandardWebhooks, NodeOracle.Svix];

    [Theory]
    [MemberData(nameof(Libraries))]
    public Task NodeSigns_ClerkSyncVerifies_VerdictsMatch(string library) =>
        RunAsync(library, nodeSigns: true);

    [Theory]
    [MemberData(nameof(Libraries))]
    public Task ClerkSyncSigns_NodeVerifies_VerdictsMatch(string library) =>
        RunAsync(library, nodeSigns: false);

    private async Task RunAsync(string library, bool nodeSigns)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CLERKSYNC_INTEROP_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        var random = new Random(seed);
        var mismatches = new List<string>();
        var seen = new Dictionary<Tamper, int>();
        for (var i = 0; i < Cases; i++)
        {
            var item = InteropCase.Create(random, i, LargeBodies);
            seen[item.Tamper] = seen.GetValueOrDefault(item.Tamper) + 1;
            var signature = nodeSigns
                ? await oracle.SignAsync(library, item.SignerSecret, item.Id, item.Timestamp, item.Body)
                : WebhookSigner.Sign(item.SignerSecret, item.Id, item.Timestamp, item.Body);
            var (headers, body) = item.Deliver(random, signature, library);

            var ours = Verdicts.Of(new WebhookVerifier(item.VerifierSecrets, timeProvider: TimeProvider.System).Verify(body, headers.GetValueOrDefault));
            var theirs = Verdicts.Of(await oracle.VerifyAsync(library, item.VerifierSecrets, headers, body));
            var expected = Verdicts.Expected(item.Tamper);
            if (ours != theirs || ours != expected)
            {
                mismatches.Add($"{item}: expected {expected}, ClerkSync {ours}, {library} {theirs}");
            }
        }

        Assert.True(
            mismatches.Count == 0,
            $"Seed {seed} ({(nodeSigns ? library + " signs" : "ClerkSync signs")}; {oracle.Versions}): {mismatches.Count} of {Cases} cases disagree. Replay with CLERKSYNC_INTEROP_SEED={seed}.\n" + string.Join('\n', mismatches.Take(20)));

        // Every kind of tampering was exercised, so a generator change cannot quietly stop testing one.
        Assert.All(Enum.GetValues<Tamper>(), tamper => Assert.True(seen.GetValueOrDefault(tamper) > 5, $"Seed {seed}: {tamper} ran {seen.GetValueOrDefault(tamper)} times"));
    }
}
