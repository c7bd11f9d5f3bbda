using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace ClerkSync.BackendApi;

/// <summary>
/// <see cref="IClerkBackendApi"/> on the typed <see cref="HttpClient"/> that <c>AddClerkBackendApi</c> configures:
/// the handlers pace, gate and retry; this class builds the URLs, walks the pages and turns refusals into
/// <see cref="ClerkBackendApiException"/>s.
/// </summary>
internal sealed class ClerkBackendApiClient(HttpClient http, IOptions<ClerkBackendApiOptions> options) : IClerkBackendApi
{
    private readonly ClerkBackendApiOptions _options = options.Value;

    public async IAsyncEnumerable<ClerkApiPage> ListAsync(
        ClerkApiResource resource,
        ClerkListCursor? resumeFrom = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (path, query) = ClerkApiResources.ListOf(resource);
        var cursorPaged = ClerkApiResources.IsCursorPaged(resource);
        var cursor = resumeFrom ?? new ClerkListCursor(null, 0);
        if (cursorPaged ? cursor.Offset != 0 : cursor.StartingAfter is not null || cursor.Offset < 0)
        {
            throw new ArgumentException(
                $"A {ClerkApiResources.NameOf(resource)} cursor has {(cursorPaged ? "only StartingAfter (Offset 0)" : "only a non-negative Offset (StartingAfter null)")}; this one is from another list.",
                nameof(resumeFrom));
        }

        var limit = _options.PageSize;
        while (true)
        {
            var uri = cursorPaged
                ? $"{path}?{query}&limit={limit}{(cursor.StartingAfter is { } after ? "&starting_after=" + Uri.EscapeDataString(after) : string.Empty)}"
                : $"{path}?{query}&limit={limit}&offset={cursor.Offset.ToString(CultureInfo.InvariantCulture)}";
            var root = (await SendAsync(uri, notFoundIsNull: false, cancellationToken).ConfigureAwait(false))!.Value;
            var page = cursorPaged ? CursorPage(resource, root, limit, uri) : OffsetPage(resource, root, limit, cursor.Offset, uri);
            yield return page;
            if (page.Next is null)
            {
                yield break;
            }

            cursor = page.Next;
        }
    }

    public Task<JsonElement?> GetAsync(ClerkApiResource resource, string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return GetAsync(resource, new ClerkObjectKey(id), cancellationToken);
    }

    public async Task<JsonElement?> GetAsync(ClerkApiResource resource, ClerkObjectKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(key.Id, nameof(key));
        if (!ClerkApiResources.SupportsGet(resource))
        {
            throw new NotSupportedException($"Clerk's Backend API has no way to fetch one {ClerkApiResources.NameOf(resource)} object by id (no GET endpoint, no id filter); only a complete listing tells whether it exists.");
        }

        var name = ClerkApiResources.NameOf(resource);
        if (ClerkApiResources.GetNeedsOrganizationId(resource) && string.IsNullOrEmpty(key.OrganizationId))
        {
            throw new ArgumentException($"Clerk looks {name} up under their organization: pass ClerkObjectKey.OrganizationId.", nameof(key));
        }

        if (ClerkApiResources.GetNeedsUserId(resource) && string.IsNullOrEmpty(key.UserId))
        {
            throw new ArgumentException($"Clerk looks {name} up by organization and user: pass ClerkObjectKey.UserId.", nameof(key));
        }

        var id = Uri.EscapeDataString(key.Id);
        var org = key.OrganizationId is { } o ? Uri.EscapeDataString(o) : null;
        return resource switch
        {
            ClerkApiResource.Users => await SendAsync($"users/{id}", notFoundIsNull: true, cancellationToken).ConfigureAwait(false),
            ClerkApiResource.Organizations => await SendAsync($"organizations/{id}?include_members_count=true", notFoundIsNull: true, cancellationToken).ConfigureAwait(false),
            ClerkApiResource.Roles => await SendAsync($"organization_roles/{id}", notFoundIsNull: true, cancellationToken).ConfigureAwait(false),
            ClerkApiResource.Permissions => await SendAsync($"organization_permissions/{id}", notFoundIsNull: true, cancellationToken).ConfigureAwait(false),
            ClerkApiResource.OrganizationInvitations => await SendAsync($"organizations/{org}/invitations/{id}", notFoundIsNull: true, cancellationToken).ConfigureAwait(false),
            ClerkApiResource.OrganizationMemberships => await FindAsync(resource, $"organizations/{org}/memberships?user_id={Uri.EscapeDataString(key.UserId!)}", key.Id, cancellationToken).ConfigureAwait(false),
            ClerkApiResource.OrganizationDomains => await FindAsync(resource, $"organizations/{org}/domains?", key.Id, cancellationToken).ConfigureAwait(false),
            ClerkApiResource.WaitlistEntries => await FindAsync(resource, $"waitlist_entries?query={id}", key.Id, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Not a Clerk API resource."),
        };
    }

    /// <summary>Walks a filtered <c>{data, total_count}</c> list for the object with <paramref name="id"/>; a 404 (no such parent) is none.</summary>
    private async Task<JsonElement?> FindAsync(ClerkApiResource resource, string filteredPath, string id, CancellationToken cancellationToken)
    {
        var separator = filteredPath.EndsWith('?') ? string.Empty : "&";
        var limit = _options.PageSize;
        for (var offset = 0; ;)
        {
            var uri = $"{filteredPath}{separator}limit={limit}&offset={offset.ToString(CultureInfo.InvariantCulture)}";
            if (await SendAsync(uri, notFoundIsNull: true, cancellationToken).ConfigureAwait(false) is not { } root)
            {
                return null;
            }

            var page = OffsetPage(resource, root, limit, offset, uri);
            foreach (var item in page.Items)
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var itemId) && itemId.ValueKind == JsonValueKind.String && itemId.ValueEquals(id))
                {
                    return item;
                }
            }

            if (page.Next is null)
            {
                return null;
            }

            offset = page.Next.Offset;
        }
    }

    private static ClerkApiPage CursorPage(ClerkApiResource resource, JsonElement root, int limit, string uri)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw UnexpectedShape(uri, "a JSON array");
        }

        var items = Items(root, uri);
        ClerkListCursor? next = null;
        if (items.Length == limit)
        {
            // Clerk: "stop when a page returns fewer than limit users".
            next = items[^1].TryGetProperty("id", out var last) && last.ValueKind == JsonValueKind.String
                ? new ClerkListCursor(last.GetString(), 0)
                : throw UnexpectedShape(uri, "users with an 'id'");
        }

        return new ClerkApiPage(resource, items, next, TotalCount: null);
    }

    private static ClerkApiPage OffsetPage(ClerkApiResource resource, JsonElement root, int limit, int offset, string uri)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw UnexpectedShape(uri, "an object with a 'data' array");
        }

        long? total = root.TryGetProperty("total_count", out var count) && count.TryGetInt64(out var n) ? n : null;
        var items = Items(data, uri);
        var listed = offset + items.Length;

        // A full page continues unless total_count says it was the last; total_count is read per page, so objects
        // created during the walk (at its end, in created_at order) are still reached.
        var next = items.Length == limit && (total is null || listed < total) ? new ClerkListCursor(null, listed) : null;
        return new ClerkApiPage(resource, items, next, total);
    }

    private static JsonElement[] Items(JsonElement array, string uri)
    {
        var items = new JsonElement[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            items[i++] = item.ValueKind == JsonValueKind.Object ? item : throw UnexpectedShape(uri, "an array of objects");
        }

        return items;
    }

    /// <summary>Sends one GET through the pipeline (pace, gate, retries) and parses the answer.</summary>
    /// <returns>The root element (detached from any pool), or <see langword="null"/> on a 404 when <paramref name="notFoundIsNull"/>.</returns>
    private async Task<JsonElement?> SendAsync(string relativeUri, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.SecretKey))
        {
            throw new ClerkBackendApiException(
                $"No Clerk secret key is configured. Set {ClerkBackendApiOptions.SecretKeyVariable} to the instance's Secret key (Clerk dashboard, API keys: sk_test_... or sk_live_...).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.SecretKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or OperationCanceledException or IOException)
        {
            throw new ClerkBackendApiException(
                $"Could not reach the Clerk Backend API at {http.BaseAddress} (GET {PathOf(relativeUri)}) after {_options.MaxRetryAttempts + 1} attempts: {ex.Message}",
                statusCode: null,
                clerkCode: null,
                ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await RefusalAsync(response, relativeUri, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                try
                {
                    // Parsed with pooled buffers, then cloned once into a document no pool owns: the page's items
                    // stay valid without anyone disposing anything.
                    using var document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
                    return document.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    throw new ClerkBackendApiException($"The Clerk Backend API answered GET {PathOf(relativeUri)} with a body that is not JSON.", (int)response.StatusCode, null, ex);
                }
            }
        }
    }

    private async Task<ClerkBackendApiException> RefusalAsync(HttpResponseMessage response, string relativeUri, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var (code, message) = await ClerkErrorOf(response, cancellationToken).ConfigureAwait(false);
        var what = code is null ? $"{status}" : message is null ? $"{status} {code}" : $"{status} {code}: {message}";
        var attempts = _options.MaxRetryAttempts + 1;
        var text = status switch
        {
            401 => $"The Clerk Backend API refused the secret key ({what}). Set {ClerkBackendApiOptions.SecretKeyVariable} to the Secret key of the instance (Clerk dashboard, API keys: sk_test_... or sk_live_...).",
            429 => $"The Clerk Backend API kept answering 429 (rate limited) for GET {PathOf(relativeUri)} after {attempts} attempts. Lower RequestsPerWindow (now {_options.RequestsPerWindow} per {_options.Window.TotalSeconds:0.###} s; Clerk allows 100 per 10 s on a development instance, 1,000 on production), or run when other clients of this key are idle.",
            >= 500 => $"The Clerk Backend API answered {what} for GET {PathOf(relativeUri)} after {attempts} attempts.",
            _ => $"The Clerk Backend API answered {what} for GET {PathOf(relativeUri)}.",
        };
        return new ClerkBackendApiException(text, status, code);
    }

    /// <summary>Reads <c>errors[0].code</c> and <c>.message</c> of Clerk's error body (<c>long_message</c> is left out: it may quote input).</summary>
    private static async Task<(string? Code, string? Message)> ClerkErrorOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("errors", out var errors)
                    && errors.ValueKind == JsonValueKind.Array
                    && errors.GetArrayLength() > 0
                    && errors[0].ValueKind == JsonValueKind.Object)
                {
                    return (StringOf(errors[0], "code"), StringOf(errors[0], "message"));
                }
            }
        }
        catch (JsonException)
        {
            // Not Clerk's error shape (a proxy's HTML page): the status alone is reported.
        }

        return (null, null);
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string PathOf(string relativeUri) => relativeUri.Split('?', 2)[0];

    private static ClerkBackendApiException UnexpectedShape(string uri, string expected) =>
        new($"The Clerk Backend API answered GET {PathOf(uri)} with JSON that is not {expected}, as its spec says; is the base URL the Backend API (https://api.clerk.com/v1)?", 200, null);
}
