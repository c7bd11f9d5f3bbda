using ClerkSync.Webhooks;

// Signs, verifies and parses Clerk's user.created example through ClerkSync.Webhooks' public API, as an app would. Prints
// one line and exits 0 when all of it works natively compiled: anything trimmed away that reflection needed would throw.
using var stream = typeof(Program).Assembly.GetManifestResourceStream("user.created.json")
    ?? throw new InvalidOperationException("user.created.json is not embedded");
using var buffer = new MemoryStream();
stream.CopyTo(buffer);
var body = buffer.ToArray();

var secret = WebhookSecret.Generate();
var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
var headers = new Dictionary<string, string>
{
    ["svix-id"] = "msg_aot_smoke",
    ["svix-timestamp"] = timestamp,
    ["svix-signature"] = WebhookSigner.Sign(secret, "msg_aot_smoke", long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), body),
};

var result = new WebhookVerifier([secret]).Verify(body, name => headers.GetValueOrDefault(name));
if (!result.IsValid)
{
    Console.Error.WriteLine($"verification failed: {result.Code}");
    return 1;
}

if (ClerkEvents.Parse(body) is not UserCreatedEvent created)
{
    Console.Error.WriteLine("user.created did not parse as UserCreatedEvent");
    return 1;
}

Console.WriteLine($"valid {created.Type} {created.Data.Id} {created.Data.FirstName}");
return 0;
