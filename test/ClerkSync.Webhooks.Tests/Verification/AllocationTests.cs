using ClerkSync.Webhooks;

namespace ClerkSync.Webhooks.Tests.Verification;

/// <summary>The hot path allocates nothing once warm: valid, rotated, rejected and tampered deliveries alike.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Verify_RepeatedAfterWarmUp_AllocatesZeroBytes()
    {
        var signed = Signed.Create(body: new string('x', 4096));
        var verifier = Signed.Verifier(WebhookSecret.Generate(), signed.Secret);
        var headers = signed.Headers();
        var lookup = new Func<string, string?>(headers.GetValueOrDefault);
        var rotated = "v2,abc garbage " + Signed.Create().Signature + " " + signed.Signature;
        var tampered = Signed.Create().Signature;
        var old = (Signed.Now - 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);

        void Run()
        {
            Assert.True(verifier.Verify(signed.Body, lookup).IsValid);
            Assert.True(signed.VerifyWith(verifier, rotated).IsValid);
            Assert.False(signed.VerifyWith(verifier, tampered).IsValid);
            Assert.False(signed.VerifyWith(verifier, timestamp: old).IsValid);
            Assert.False(signed.VerifyWith(verifier, "garbage").IsValid);
        }

        for (var i = 0; i < 50; i++)
        {
            Run();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Run();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
