using System.Net;
using System.Text.Json;
using ClerkSync.BackendApi;
using ClerkSync.TestKit.ClerkApi;
using ClerkSync.Webhooks;

namespace ClerkSync.Reconcile.Tests.BackendApi;

/// <summary>The Backend API client (issue #16, item 1) against the stand-in over real HTTP: paging, resume, errors, lookups.</summary>
public sealed class ClerkBackendApiClientTests
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public async Task ListAsync_Users_CursorPagesCompleteOldestFirst()
    {
        await using var h = await BackendApiHarness.StartAsync();
        ClerkApiObjects.AddUsers(h.State, 1234);

        var pages = await h.ListAllAsync(ClerkApiResource.Users);

        Assert.Equal([500, 500, 234], pages.Select(p => p.Items.Count));
        Assert.Equal(h.State.Objects(ClerkApiResource.Users).Select(o => o.Id), BackendApiHarness.IdsOf(pages));
        Assert.All(pages, p => Assert.Null(p.TotalCount));
        Assert.Equal("user_bulk_000500", pages[0].Next?.StartingAfter);
        Assert.Null(pages[^1].Next);
        var requests = h.StandIn.Log.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("/v1/users", r.Path));
        Assert.DoesNotContain("starting_after", requests[0].Query, StringComparison.Ordinal);
        Assert.Contains("starting_after=user_bulk_001000", requests[2].Query, StringComparison.Ordinal);
        Assert.All(requests, r => Assert.Contains("limit=500", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListAsync_Users_ExactMultipleOfPageSize_EndsWithAnEmptyPage()
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.PageSize = 10);
        ClerkApiObjects.AddUsers(h.State, 20);

        var pages = await h.ListAllAsync(ClerkApiResource.Users);

        // Clerk's rule is "stop when a page returns fewer than limit users": a full last page costs one more request.
        Assert.Equal([10, 10, 0], pages.Select(p => p.Items.Count));
        Assert.Equal(20, BackendApiHarness.IdsOf(pages).Distinct().Count());
    }

    [Fact]
    public async Task ListAsync_Organizations_OffsetPagesCompleteWithTotalCount()
    {
        await using var h = await BackendApiHarness.StartAsync();
        for (var i = 0; i < 1100; i++)
        {
            h.State.Put(ClerkApiResource.Organizations, ClerkApiObjects.Organization($"org_{i:D4}", T0 + (i * 7 % 1100)));
        }

        var pages = await h.ListAllAsync(ClerkApiResource.Organizations);

        Assert.Equal([500, 500, 100], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal(1100, p.TotalCount));
        Assert.Equal([new ClerkListCursor(null, 500), new ClerkListCursor(null, 1000), null], pages.Select(p => p.Next));
        var ids = BackendApiHarness.IdsOf(pages);
        Assert.Equal(h.State.Objects(ClerkApiResource.Organizations).Select(o => o.Id), ids);
        var createdAt = pages.SelectMany(p => p.Items).Select(i => i.GetProperty("created_at").GetInt64()).ToList();
        Assert.Equal(createdAt.Order(), createdAt);

        // The last page's total_count shows it was the last: no empty page is fetched.
        Assert.Equal(3, h.StandIn.Log.Count);
        Assert.Contains("offset=1000", h.StandIn.Log.Requests[2].Query, StringComparison.Ordinal);
        Assert.Contains("include_members_count=true", h.StandIn.Log.Requests[0].Query, StringComparison.Ordinal);
    }

    public static TheoryData<ClerkApiResource> EveryResource() => [.. ClerkApiResources.All];

    [Theory]
    [MemberData(nameof(EveryResource))]
    public async Task ListAsync_EveryResource_ListsEveryObjectFromItsEndpoint(ClerkApiResource resource)
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.PageSize = 2);
        var expected = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var obj = Build(resource, i);
            h.State.Put(resource, obj);
            expected.Add(obj["id"]!.GetValue<string>());
        }

        var pages = await h.ListAllAsync(resource);

        Assert.Equal(expected, BackendApiHarness.IdsOf(pages));
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal(resource, p.Resource));
        Assert.All(h.StandIn.Log.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task ListAsync_ResumeFromCursor_ContinuesAfterTheCheckpoint()
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.PageSize = 100);
        ClerkApiObjects.AddUsers(h.State, 250);
        for (var i = 0; i < 250; i++)
        {
            h.State.Put(ClerkApiResource.Roles, ClerkApiObjects.Role($"role_{i:D3}", $"org:r{i}", T0 + i));
        }

        foreach (var resource in new[] { ClerkApiResource.Users, ClerkApiResource.Roles })
        {
            var all = BackendApiHarness.IdsOf(await h.ListAllAsync(resource));
            ClerkApiPage first = null!;
            await foreach (var page in h.Client.ListAsync(resource, cancellationToken: TestContext.Current.CancellationToken))
            {
                first = page;
                break;
            }

            // The cursor is plain data: stored and read back, as a checkpoint is.
            var checkpoint = JsonSerializer.Deserialize<ClerkListCursor>(JsonSerializer.Serialize(first.Next));
            var rest = BackendApiHarness.IdsOf(await h.ListAllAsync(resource, checkpoint));

            Assert.Equal(all, [.. BackendApiHarness.IdsOf([first]), .. rest]);
        }
    }

    [Fact]
    public async Task ListAsync_CursorOfAnotherList_IsRefused()
    {
        await using var h = await BackendApiHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => h.ListAllAsync(ClerkApiResource.Users, new ClerkListCursor(null, 500)));
        await Assert.ThrowsAsync<ArgumentException>(() => h.ListAllAsync(ClerkApiResource.Organizations, new ClerkListCursor("user_1", 0)));
        Assert.Equal(0, h.StandIn.Log.Count);
    }

    [Fact]
    public async Task ListAsync_WrongKey_OneClearErrorWithoutRetrying()
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.SecretKey = "sk_test_wrong");

        var error = await Assert.ThrowsAsync<ClerkBackendApiException>(() => h.ListAllAsync(ClerkApiResource.Users));

        Assert.Equal(401, error.StatusCode);
        Assert.True(error.IsAuthenticationFailure);
        Assert.Equal("authentication_invalid", error.ClerkCode);
        Assert.Contains("CLERK_SECRET_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_wrong", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.StandIn.Log.Count);
    }

    [Fact]
    public async Task ListAsync_NoKey_ClearErrorBeforeAnyRequest()
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.SecretKey = " ");

        var error = await Assert.ThrowsAsync<ClerkBackendApiException>(() => h.ListAllAsync(ClerkApiResource.Users));

        Assert.Contains("CLERK_SECRET_KEY", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.StandIn.Log.Count);
    }

    [Fact]
    public async Task ListAsync_ServerErrors_RetriedWithBackoff()
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.PageSize = 10);
        ClerkApiObjects.AddUsers(h.State, 25);
        h.StandIn.Faults.FailNext(2, 503);

        var ids = BackendApiHarness.IdsOf(await h.ListAllAsync(ClerkApiResource.Users));

        Assert.Equal(25, ids.Count);
        Assert.Equal([503, 503, 200, 200, 200], h.StandIn.Log.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task ListAsync_ServerErrorsPastTheRetries_FailWithTheStatus()
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.MaxRetryAttempts = 2);
        h.StandIn.Faults.FailNext(3, 502);

        var error = await Assert.ThrowsAsync<ClerkBackendApiException>(() => h.ListAllAsync(ClerkApiResource.Organizations));

        Assert.Equal(502, error.StatusCode);
        Assert.Equal("internal_clerk_error", error.ClerkCode);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, h.StandIn.Log.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListAsync_ConnectionReset_Retried(bool midBody)
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.PageSize = 10);
        ClerkApiObjects.AddUsers(h.State, 15);
        h.StandIn.Faults.ResetNext(2, midBody);

        var ids = BackendApiHarness.IdsOf(await h.ListAllAsync(ClerkApiResource.Users));

        Assert.Equal(h.State.Objects(ClerkApiResource.Users).Select(o => o.Id), ids);
        Assert.Equal([0, 0, 200, 200], h.StandIn.Log.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task ListAsync_ClientError_NotRetried()
    {
        await using var h = await BackendApiHarness.StartAsync(o => o.PageSize = 10);
        ClerkApiObjects.AddUsers(h.State, 5);

        // A cursor naming a user the stand-in never had: a 422, which no retry can fix.
        var error = await Assert.ThrowsAsync<ClerkBackendApiException>(() => h.ListAllAsync(ClerkApiResource.Users, new ClerkListCursor("user_unknown", 0)));

        Assert.Equal(422, error.StatusCode);
        Assert.Equal(1, h.StandIn.Log.Count);
    }

    [Fact]
    public async Task GetAsync_EveryResourceWithALookup_FindsItOrReturnsNull()
    {
        await using var h = await BackendApiHarness.StartAsync();
        h.State.Put(ClerkApiResource.Organizations, ClerkApiObjects.Organization("org_1", T0));
        h.State.Put(ClerkApiResource.Organizations, ClerkApiObjects.Organization("org_2", T0));
        foreach (var resource in ClerkApiResources.All)
        {
            for (var i = 0; i < 3; i++)
            {
                if (resource != ClerkApiResource.Organizations)
                {
                    h.State.Put(resource, Build(resource, i));
                }
            }
        }

        foreach (var resource in ClerkApiResources.All.Where(ClerkApiResources.SupportsGet))
        {
            var stored = h.State.Objects(resource)[1];
            var key = new ClerkObjectKey(stored.Id, stored.OrganizationId, stored.UserId);

            var found = await h.Client.GetAsync(resource, key, TestContext.Current.CancellationToken);
            var missing = await h.Client.GetAsync(resource, key with { Id = stored.Id + "_gone" }, TestContext.Current.CancellationToken);

            Assert.True(found.HasValue, $"{resource}: {stored.Id} not found");
            Assert.Equal(stored.Id, found.Value.GetProperty("id").GetString());
            Assert.Null(missing);
        }

        // A deleted user: a direct GET answers 404, which is null (how a deletion is confirmed).
        h.State.Delete(ClerkApiResource.Users, "user_1");
        Assert.Null(await h.Client.GetAsync(ClerkApiResource.Users, "user_1", TestContext.Current.CancellationToken));
        Assert.Contains(h.StandIn.Log.Requests, r => r.Path == "/v1/users/user_1" && r.Status == 404);

        // A membership of a deleted organization: the organization's 404 is null too.
        h.State.Delete(ClerkApiResource.Organizations, "org_1");
        Assert.Null(await h.Client.GetAsync(ClerkApiResource.OrganizationMemberships, new ClerkObjectKey("orgmem_1", "org_1", "user_1"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetAsync_WithoutALookupOrItsParent_IsRefusedBeforeAnyRequest()
    {
        await using var h = await BackendApiHarness.StartAsync();

        await Assert.ThrowsAsync<NotSupportedException>(() => h.Client.GetAsync(ClerkApiResource.SubscriptionItems, "csi_1", TestContext.Current.CancellationToken));
        var noOrg = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.GetAsync(ClerkApiResource.OrganizationInvitations, "orginv_1", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.GetAsync(ClerkApiResource.OrganizationMemberships, new ClerkObjectKey("orgmem_1", "org_1"), TestContext.Current.CancellationToken));

        Assert.Contains("OrganizationId", noOrg.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.StandIn.Log.Count);
    }

    [Fact]
    public async Task Deserialize_PageItems_AreTheWebhookRecords()
    {
        await using var h = await BackendApiHarness.StartAsync();
        var user = ClerkApiObjects.User("user_typed", T0, email: "ada@example.com");
        user["standin_unmodeled"] = new System.Text.Json.Nodes.JsonObject { ["active"] = true };
        h.State.Put(ClerkApiResource.Users, user);
        h.State.Put(ClerkApiResource.Organizations, ClerkApiObjects.Organization("org_typed", T0, name: "Analytical Engines", membersCount: 3));

        var users = (await h.ListAllAsync(ClerkApiResource.Users)).Single().Deserialize<UserData>();
        var orgs = (await h.ListAllAsync(ClerkApiResource.Organizations)).Single().Deserialize<OrganizationData>();

        var typed = Assert.Single(users);
        Assert.Equal("user_typed", typed.Id);
        Assert.Equal("ada@example.com", Assert.Single(typed.EmailAddresses!).Address);
        Assert.Equal(T0, typed.CreatedAt);
        Assert.True(typed.ExtensionData!.ContainsKey("standin_unmodeled"));
        Assert.Equal("Analytical Engines", Assert.Single(orgs).Name);
        Assert.Equal(typeof(UserData), ClerkApiResources.DataTypeOf(ClerkApiResource.Users));
    }

    [Fact]
    public void Resources_NamesRoundTrip()
    {
        foreach (var resource in ClerkApiResources.All)
        {
            Assert.True(ClerkApiResources.TryParse(ClerkApiResources.NameOf(resource), out var parsed));
            Assert.Equal(resource, parsed);
            Assert.True(ClerkApiResources.TryParse("clerk_" + ClerkApiResources.NameOf(resource).ToUpperInvariant(), out parsed));
            Assert.Equal(resource, parsed);
        }

        Assert.Equal(Enum.GetValues<ClerkApiResource>().Length, ClerkApiResources.All.Count);
        Assert.False(ClerkApiResources.TryParse("sessions", out _));
    }

    /// <summary>The i-th object of a resource, created in order, under org_1/org_2 and user_0..user_2.</summary>
    internal static System.Text.Json.Nodes.JsonObject Build(ClerkApiResource resource, int i)
    {
        var at = T0 + (i * 1000);
        var org = i % 2 == 0 ? "org_1" : "org_2";
        return resource switch
        {
            ClerkApiResource.Users => ClerkApiObjects.User($"user_{i}", at),
            ClerkApiResource.Organizations => ClerkApiObjects.Organization($"org_x{i}", at),
            ClerkApiResource.OrganizationMemberships => ClerkApiObjects.Membership($"orgmem_{i}", org, $"user_{i}", at),
            ClerkApiResource.OrganizationInvitations => ClerkApiObjects.Invitation($"orginv_{i}", org, at),
            ClerkApiResource.OrganizationDomains => ClerkApiObjects.Domain($"orgdmn_{i}", org, $"d{i}.example.com", at),
            ClerkApiResource.Roles => ClerkApiObjects.Role($"role_{i}", $"org:role{i}", at, null, "org:posts:read"),
            ClerkApiResource.Permissions => ClerkApiObjects.Permission($"perm_{i}", $"org:posts:p{i}", at),
            ClerkApiResource.WaitlistEntries => ClerkApiObjects.WaitlistEntry($"wle_{i}", $"w{i}@example.com", at),
            ClerkApiResource.SubscriptionItems => ClerkApiObjects.SubscriptionItem($"csi_{i}", $"cpayer_{i}", at),
            _ => throw new ArgumentOutOfRangeException(nameof(resource)),
        };
    }
}
