using ClerkSync.Handlers;
using ClerkSync.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddClerkSync()                 // the ClerkSync section + CLERK_WEBHOOK_SIGNING_SECRET
    .UseSqlite("clerk-sync.db")                 // the default; or .UsePostgreSql(...) / ClerkSync:Storage:Provider
    .AddHandler<WelcomeNewUser>();

var app = builder.Build();
app.MapClerkWebhooks("/api/webhooks/clerk");    // the signature authenticates it (the route is AllowAnonymous)
app.MapClerkSyncHealth("/healthz");
app.Run();

public sealed class WelcomeNewUser(ILogger<WelcomeNewUser> logger) : IClerkEventHandler<UserCreatedEvent>
{
    // Runs in a background worker after the delivery is stored and acknowledged, at least once:
    // delivery.WebhookId (svix-id) is stable across retries and resends.
    public Task HandleAsync(UserCreatedEvent evt, ClerkDelivery delivery, CancellationToken ct)
    {
        logger.LogInformation("Welcome {UserId} (delivery {WebhookId})", evt.Data.Id, delivery.WebhookId);
        return Task.CompletedTask;
    }
}
