using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ClerkSync.BackendApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClerkSync.TestKit.ClerkApi;

/// <summary>
/// A stand-in for the Clerk Backend API (issue #16): real HTTP through Kestrel on 127.0.0.1 and a free port, serving
/// the list and get endpoints the mirror reconciles from with the shapes of Clerk's spec (2026-05-12) from a mutable
/// <see cref="ClerkApiState"/>: <c>GET /v1/users</c> a bare array with <c>starting_after</c> cursor paging, the other
/// lists <c>{data, total_count}</c> with <c>limit</c> (1 to 500, else 400) and <c>offset</c>; Bearer auth (401 with
/// Clerk's error body); an optional rate limit answering 429 with <c>Retry-After</c>; injectable
/// <see cref="ClerkApiFaults"/>; and a <see cref="ClerkApiRequestLog"/>.
/// </summary>
/// <remarks>
/// Lists are in <c>created_at</c> order, newest first by default (<c>order_by=-created_at</c>, the spec's default) or
/// oldest first (<c>+created_at</c>); ties are broken by id. Other orderings are answered 422. A <c>starting_after</c>
/// naming a user deleted since still works (the stand-in remembers where it was); an id never seen is a 422. Query
/// filters other than those the client uses to look objects up are ignored: <c>include_members_count</c> and
/// <c>include_free</c> change nothing (objects are served as stored).
/// </remarks>
public sealed class ClerkApiStandIn : IAsyncDisposable
{
    /// <summary>The secret key the stand-in accepts unless told otherwise.</summary>
    public const string DefaultSecretKey = "sk_test_clerksync_standin_0123456789";

    private const string Prefix = "/v1/";
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _rateLock = new();
    private readonly Queue<DateTimeOffset> _accepted = new();

    private ClerkApiStandIn(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary>Gets the API base URL to give the client (<c>http://127.0.0.1:PORT/v1</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Gets the state served; mutate it at any time.</summary>
    public ClerkApiState State { get; } = new();

    /// <summary>Gets the faults to inject into the next answers.</summary>
    public ClerkApiFaults Faults { get; } = new();

    /// <summary>Gets every request received.</summary>
    public ClerkApiRequestLog Log { get; } = new();

    /// <summary>Gets or sets the secret key accepted as <c>Authorization: Bearer</c>.</summary>
    public string SecretKey { get; set; } = DefaultSecretKey;

    /// <summary>
    /// Gets or sets the rate limit of the key: at most <c>Requests</c> accepted in any <c>Window</c> (a sliding log),
    /// the rest answered 429 with <c>Retry-After</c> (whole seconds until the oldest leaves the window). Null: none.
    /// </summary>
    public (int Requests, TimeSpan Window)? RateLimit { get; set; }

    /// <summary>Starts a stand-in on 127.0.0.1 and a free port.</summary>
    /// <param name="time">The clock of the request log and the rate limit (the system clock by default).</param>
    /// <returns>The running stand-in.</returns>
    public static async Task<ClerkApiStandIn> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new ClerkApiStandIn(app, time ?? TimeProvider.System);
        app.Run(standIn.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        standIn.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/v1");
        return standIn;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var arrived = _time.GetUtcNow();
        var answer = Answer(context, arrived, out var fault);
        var status = answer.Status;
        try
        {
            if (fault == ClerkApiFaultKind.ResetBeforeAnswer)
            {
                status = 0;
                context.Abort();
                return;
            }

            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfterSeconds is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            }

            context.Response.ContentType = "application/json";
            context.Response.ContentLength = answer.Body.Length;
            if (fault == ClerkApiFaultKind.ResetMidBody)
            {
                status = 0;
                await context.Response.Body.WriteAsync(answer.Body.AsMemory(0, answer.Body.Length / 2)).ConfigureAwait(false);
                await context.Response.Body.FlushAsync().ConfigureAwait(false);
                context.Abort();
                return;
            }

            await context.Response.Body.WriteAsync(answer.Body).ConfigureAwait(false);
        }
        finally
        {
            Log.Add(new ClerkApiRequest(request.Method, request.Path.Value ?? string.Empty, request.QueryString.Value ?? string.Empty, arrived, status));
        }
    }

    private Response Answer(HttpContext context, DateTimeOffset arrived, out ClerkApiFaultKind? faultKind)
    {
        faultKind = null;
        if (Faults.TakeNext() is { } fault)
        {
            faultKind = fault.Kind;
            switch (fault.Kind)
            {
                case ClerkApiFaultKind.Status:
                    return Error(fault.Status, "internal_clerk_error", "Oops, an unexpected error occurred", "There was an internal error on our servers. We've been notified and are working on fixing it.");
                case ClerkApiFaultKind.TooManyRequests:
                    return TooManyRequests((int)Math.Ceiling(fault.RetryAfter.TotalSeconds));
                case ClerkApiFaultKind.ResetBeforeAnswer:
                    return new Response(0, []);
            }
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !string.Equals(authorization["Bearer ".Length..], SecretKey, StringComparison.Ordinal))
        {
            return Error(401, "authentication_invalid", "Invalid authentication", "Unable to authenticate the request, you need to supply an active API key");
        }

        if (RetryAfterForRateLimit(arrived) is { } wait)
        {
            return TooManyRequests(wait);
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return Error(405, "method_not_allowed", "Method not allowed", "The stand-in serves GET only.");
        }

        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return NotFound();
        }

        var segments = path[Prefix.Length..].TrimEnd('/').Split('/');
        try
        {
            return Route(segments, context.Request.Query);
        }
        catch (BadParameter bad)
        {
            return Error(bad.Status, "form_param_value_invalid", bad.Message, bad.Message);
        }
    }

    private Response Route(string[] s, IQueryCollection query) => s switch
    {
        ["users"] => ListUsers(query),
        ["users", var id] => One(ClerkApiResource.Users, id),
        ["organizations"] => List(ClerkApiResource.Organizations, query, null),
        ["organizations", var idOrSlug] => Organization(idOrSlug) is { } org ? Ok(org.Json) : NotFound(),
        ["organizations", var org, "invitations", var id] => InOrganization(org, () =>
            State.Get(ClerkApiResource.OrganizationInvitations, id) is { } invitation && invitation.OrganizationId == org ? Ok(invitation.Json) : NotFound()),
        ["organizations", var org, "memberships"] => InOrganization(org, () =>
        {
            var users = query["user_id"].Where(u => !string.IsNullOrEmpty(u)).ToHashSet(StringComparer.Ordinal);
            return List(ClerkApiResource.OrganizationMemberships, query, m => m.OrganizationId == org && (users.Count == 0 || (m.UserId is { } u && users.Contains(u))));
        }),
        ["organizations", var org, "domains"] => InOrganization(org, () => List(ClerkApiResource.OrganizationDomains, query, d => d.OrganizationId == org)),
        ["organization_memberships"] => List(ClerkApiResource.OrganizationMemberships, query, null),
        ["organization_invitations"] => List(ClerkApiResource.OrganizationInvitations, query, null),
        ["organization_domains"] => List(ClerkApiResource.OrganizationDomains, query, query["organization_id"] is { Count: > 0 } orgs ? d => orgs.Contains(d.OrganizationId) : null),
        ["organization_roles"] => List(ClerkApiResource.Roles, query, null),
        ["organization_roles", var id] => One(ClerkApiResource.Roles, id),
        ["organization_permissions"] => List(ClerkApiResource.Permissions, query, null),
        ["organization_permissions", var id] => One(ClerkApiResource.Permissions, id),
        ["waitlist_entries"] => List(ClerkApiResource.WaitlistEntries, query, query["query"].ToString() is { Length: > 0 } text
            ? w => w.Id == text || (w.Email?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
            : null),
        ["billing", "subscription_items"] => List(ClerkApiResource.SubscriptionItems, query, null),
        _ => NotFound(),
    };

    private Response ListUsers(IQueryCollection query)
    {
        var limit = Limit(query);
        var offset = Offset(query);
        var descending = Descending(query);
        var skip = offset;
        if (query["starting_after"].ToString() is { Length: > 0 } after)
        {
            if (offset != 0)
            {
                throw new BadParameter(422, "starting_after cannot be combined with a non-zero offset.");
            }

            skip = State.PositionAfter(ClerkApiResource.Users, after, descending);
            if (skip < 0)
            {
                throw new BadParameter(422, "starting_after must be the id of a user.");
            }
        }

        var items = Page(ClerkApiResource.Users, null, descending, skip, limit).Items;
        return Ok(Array(items));
    }

    private Response List(ClerkApiResource resource, IQueryCollection query, Func<ClerkApiObject, bool>? filter)
    {
        var limit = Limit(query);
        var offset = Offset(query);
        var descending = resource != ClerkApiResource.SubscriptionItems && Descending(query);
        var (items, total) = Page(resource, filter, descending, offset, limit);
        var body = new ArrayBufferWriter<byte>();
        body.Write("{\"data\":"u8);
        body.Write(Array(items));
        body.Write(",\"total_count\":"u8);
        body.Write(System.Text.Encoding.UTF8.GetBytes(total.ToString(CultureInfo.InvariantCulture)));
        body.Write("}"u8);
        return Ok(body.WrittenSpan.ToArray());
    }

    private (ClerkApiObject[] Items, int Total) Page(ClerkApiResource resource, Func<ClerkApiObject, bool>? filter, bool descending, int skip, int limit)
    {
        // A skipped row: the page starts one object later, as when an object before it was deleted meanwhile.
        var shift = Faults.TakeSkip(resource) ? 1 : 0;
        var (items, total) = State.Page(resource, filter, descending, skip + shift, limit);
        return (items, total - shift);
    }

    private Response One(ClerkApiResource resource, string id) =>
        State.Get(resource, id) is { } found ? Ok(found.Json) : NotFound();

    private ClerkApiObject? Organization(string idOrSlug) =>
        State.Get(ClerkApiResource.Organizations, idOrSlug)
        ?? State.Objects(ClerkApiResource.Organizations).FirstOrDefault(o => Slug(o) == idOrSlug);

    private Response InOrganization(string organizationId, Func<Response> answer) =>
        State.Get(ClerkApiResource.Organizations, organizationId) is null ? NotFound() : answer();

    private int? RetryAfterForRateLimit(DateTimeOffset now)
    {
        if (RateLimit is not { } limit)
        {
            return null;
        }

        lock (_rateLock)
        {
            while (_accepted.TryPeek(out var oldest) && now - oldest >= limit.Window)
            {
                _accepted.Dequeue();
            }

            if (_accepted.Count < limit.Requests)
            {
                _accepted.Enqueue(now);
                return null;
            }

            var wait = _accepted.Peek() + limit.Window - now;
            return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        }
    }

    private static string? Slug(ClerkApiObject organization)
    {
        using var document = JsonDocument.Parse(organization.Json);
        return document.RootElement.TryGetProperty("slug", out var slug) && slug.ValueKind == JsonValueKind.String ? slug.GetString() : null;
    }

    private static int Limit(IQueryCollection query) =>
        Integer(query, "limit", 10) is var limit and >= 1 and <= ClerkBackendApiOptions.MaxPageSize
            ? limit
            : throw new BadParameter(400, $"limit must be between 1 and {ClerkBackendApiOptions.MaxPageSize}.");

    private static int Offset(IQueryCollection query) =>
        Integer(query, "offset", 0) is var offset and >= 0 ? offset : throw new BadParameter(400, "offset must be 0 or more.");

    private static bool Descending(IQueryCollection query) => query["order_by"].ToString() switch
    {
        "" or "-created_at" => true,
        "created_at" or "+created_at" => false,
        var other => throw new BadParameter(422, $"The stand-in orders by created_at only, not '{other}'."),
    };

    private static int Integer(IQueryCollection query, string name, int fallback) =>
        query[name].ToString() is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new BadParameter(400, $"{name} must be an integer.")
            : fallback;

    private static byte[] Array(ClerkApiObject[] items)
    {
        var length = 2 + items.Sum(i => i.Json.Length) + Math.Max(0, items.Length - 1);
        var body = new byte[length];
        var at = 0;
        body[at++] = (byte)'[';
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            items[i].Json.CopyTo(body, at);
            at += items[i].Json.Length;
        }

        body[at] = (byte)']';
        return body;
    }

    private static Response Ok(byte[] body) => new(200, body);

    private static Response NotFound() => Error(404, "resource_not_found", "not found", "Resource not found");

    private static Response TooManyRequests(int retryAfterSeconds) =>
        Error(429, "too_many_requests", "Too many requests", "You have exceeded the rate limit; retry after the time in the Retry-After header.") with { RetryAfterSeconds = retryAfterSeconds };

    private static Response Error(int status, string code, string message, string longMessage)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteString("long_message", longMessage);
            writer.WriteString("code", code);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteString("clerk_trace_id", "standin");
            writer.WriteEndObject();
        }

        return new Response(status, body.WrittenSpan.ToArray());
    }

    private sealed record Response(int Status, byte[] Body)
    {
        public int? RetryAfterSeconds { get; init; }
    }

    private sealed class BadParameter(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }
}
