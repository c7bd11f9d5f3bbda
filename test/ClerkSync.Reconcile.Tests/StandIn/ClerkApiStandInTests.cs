using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ClerkSync.BackendApi;
using ClerkSync.TestKit.ClerkApi;

namespace ClerkSync.Reconcile.Tests.StandIn;

/// <summary>The TestKit stand-in itself, over plain HTTP: the spec's shapes, paging rules, errors, rate limit and faults.</summary>
public sealed class ClerkApiStandInTests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000;
    private ClerkApiStandIn _standIn = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _standIn = await ClerkApiStandIn.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_standIn.BaseUrl + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _standIn.SecretKey);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _standIn.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk_test_other")]
    public async Task AnyRequest_WithoutTheKey_401WithClerksErrorShape(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "users");
        request.Headers.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);
        if (key is null)
        {
            _http.DefaultRequestHeaders.Authorization = null;
        }

        var (status, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("authentication_invalid", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("long_message").GetString()));
    }

    [Fact]
    public async Task Users_ABareArrayNewestFirst_CursorContinuesWithOlder()
    {
        ClerkApiObjects.AddUsers(_standIn.State, 5);

        var (_, first) = await GetAsync("users?limit=2");
        var (_, second) = await GetAsync("users?limit=2&starting_after=user_bulk_000004");
        var (_, ascending) = await GetAsync("users?limit=2&order_by=%2Bcreated_at&starting_after=user_bulk_000002");

        Assert.Equal(JsonValueKind.Array, first.ValueKind);
        Assert.Equal(["user_bulk_000005", "user_bulk_000004"], Ids(first));
        Assert.Equal(["user_bulk_000003", "user_bulk_000002"], Ids(second));
        Assert.Equal(["user_bulk_000003", "user_bulk_000004"], Ids(ascending));
    }

    [Fact]
    public async Task Users_CursorOnADeletedUser_StillContinues()
    {
        ClerkApiObjects.AddUsers(_standIn.State, 4);
        _standIn.State.Delete(ClerkApiResource.Users, "user_bulk_000002");

        var (_, page) = await GetAsync("users?order_by=%2Bcreated_at&starting_after=user_bulk_000002");

        Assert.Equal(["user_bulk_000003", "user_bulk_000004"], Ids(page));
    }

    [Theory]
    [InlineData("users?limit=501", HttpStatusCode.BadRequest)]
    [InlineData("users?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("organizations?limit=501", HttpStatusCode.BadRequest)]
    [InlineData("organizations?offset=-1", HttpStatusCode.BadRequest)]
    [InlineData("users?starting_after=user_bulk_000001&offset=1", HttpStatusCode.UnprocessableEntity)]
    [InlineData("users?starting_after=user_never", HttpStatusCode.UnprocessableEntity)]
    [InlineData("users?order_by=username", HttpStatusCode.UnprocessableEntity)]
    [InlineData("users/user_never", HttpStatusCode.NotFound)]
    [InlineData("no_such_endpoint", HttpStatusCode.NotFound)]
    public async Task BadParametersAndUnknownObjects_AnsweredWithClerksErrorShape(string uri, HttpStatusCode expected)
    {
        ClerkApiObjects.AddUsers(_standIn.State, 1);

        var (status, body) = await GetAsync(uri);

        Assert.Equal(expected, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("errors")[0].GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Limit500_IsServed()
    {
        ClerkApiObjects.AddUsers(_standIn.State, 600);

        var (status, body) = await GetAsync("users?limit=500");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(500, body.GetArrayLength());
    }

    [Fact]
    public async Task OffsetLists_DataAndTotalCount_FilteredUnderTheirOrganization()
    {
        _standIn.State.Put(ClerkApiResource.Organizations, ClerkApiObjects.Organization("org_a", T0, slug: "acme"));
        _standIn.State.Put(ClerkApiResource.Organizations, ClerkApiObjects.Organization("org_b", T0 + 1));
        for (var i = 0; i < 5; i++)
        {
            _standIn.State.Put(ClerkApiResource.OrganizationMemberships, ClerkApiObjects.Membership($"orgmem_{i}", i < 3 ? "org_a" : "org_b", $"user_{i}", T0 + i));
        }

        var (_, all) = await GetAsync("organization_memberships?limit=2&offset=2&order_by=%2Bcreated_at");
        var (_, inA) = await GetAsync("organizations/org_a/memberships?limit=10");
        var (_, oneUser) = await GetAsync("organizations/org_a/memberships?user_id=user_1");
        var (_, bySlug) = await GetAsync("organizations/acme");
        var (status, _) = await GetAsync("organizations/org_gone/memberships");

        Assert.Equal(5, all.GetProperty("total_count").GetInt32());
        Assert.Equal(["orgmem_2", "orgmem_3"], Ids(all.GetProperty("data")));
        Assert.Equal(3, inA.GetProperty("total_count").GetInt32());
        Assert.Equal(["orgmem_2", "orgmem_1", "orgmem_0"], Ids(inA.GetProperty("data")));
        Assert.Equal(["orgmem_1"], Ids(oneUser.GetProperty("data")));
        Assert.Equal("org_a", bySlug.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task State_UpdateAndDelete_AreServedAtOnce()
    {
        _standIn.State.Put(ClerkApiResource.Roles, ClerkApiObjects.Role("role_1", "org:admin", T0));

        _standIn.State.Update(ClerkApiResource.Roles, "role_1", T0 + 5, r => r["name"] = "Administrator");
        var (_, updated) = await GetAsync("organization_roles/role_1");
        _standIn.State.Delete(ClerkApiResource.Roles, "role_1");
        var (status, _) = await GetAsync("organization_roles/role_1");

        Assert.Equal("Administrator", updated.GetProperty("name").GetString());
        Assert.Equal(T0 + 5, updated.GetProperty("updated_at").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task RateLimit_Exceeded_429WithRetryAfterInWholeSeconds()
    {
        _standIn.RateLimit = (2, TimeSpan.FromSeconds(10));

        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 3; i++)
        {
            using var response = await _http.GetAsync("users", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            retryAfter = response.Headers.RetryAfter?.Delta;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.InRange(retryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Equal(retryAfter, _standIn.Log.Requests[^1].RetryAfter);
    }

    [Fact]
    public async Task Faults_AreUsedOnceInOrder()
    {
        _standIn.Faults.PassNext(1);
        _standIn.Faults.FailNext(1, 500);
        _standIn.Faults.RateLimitNext(1, TimeSpan.FromSeconds(3));
        _standIn.Faults.ResetNext(1);

        var first = (await GetAsync("users")).Status;
        var second = (await GetAsync("users")).Status;
        using var third = await _http.GetAsync("users", TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync("users", TestContext.Current.CancellationToken));
        var fifth = (await GetAsync("users")).Status;

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.InternalServerError, second);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), third.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, fifth);
        Assert.Equal([200, 500, 429, 0, 200], _standIn.Log.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task SkipRowOnNextPage_OneObjectAtThePageBoundaryIsNeverListed()
    {
        for (var i = 0; i < 6; i++)
        {
            _standIn.State.Put(ClerkApiResource.Permissions, ClerkApiObjects.Permission($"perm_{i}", $"org:p:{i}", T0 + i));
        }

        var (_, first) = await GetAsync("organization_permissions?limit=3&offset=0&order_by=%2Bcreated_at");
        _standIn.Faults.SkipRowOnNextPage(ClerkApiResource.Permissions);
        var (_, second) = await GetAsync("organization_permissions?limit=3&offset=3&order_by=%2Bcreated_at");

        Assert.Equal(["perm_0", "perm_1", "perm_2"], Ids(first.GetProperty("data")));
        Assert.Equal(["perm_4", "perm_5"], Ids(second.GetProperty("data")));
        Assert.Equal(5, second.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public void AddUsers_BuildsSpecShapedUsersInCreatedAtOrder()
    {
        ClerkApiObjects.AddUsers(_standIn.State, 1000);

        var users = _standIn.State.Objects(ClerkApiResource.Users);
        Assert.Equal(1000, users.Count);
        var user = users[10].ToJsonObject();
        var expected = ClerkApiObjects.User("user_bulk_000011", T0 + 11, email: "user_bulk_000011@example.com");
        Assert.Equal(expected.ToJsonString(), user.ToJsonString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return await SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private static List<string> Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
}
