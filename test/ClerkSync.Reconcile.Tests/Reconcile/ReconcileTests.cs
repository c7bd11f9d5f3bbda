using System.Text.Json.Nodes;
using ClerkSync.BackendApi;
using ClerkSync.Mirror.Schema;
using ClerkSync.Reconciliation;
using ClerkSync.TestKit.ClerkApi;

namespace ClerkSync.Reconcile.Tests.Reconcile;

/// <summary>Issue #16, items 2 and 6: reconciliation's rules against the stand-in, on each database.</summary>
public abstract class ReconcileTests
{
    private const long T0 = 1_700_000_000_000;

    internal abstract MirrorDialect Dialect { get; }

    private static ClerkApiResource[] All => [.. ClerkApiResources.All];

    [Fact]
    public async Task ReconcileAsync_EmptyMirror_HoldsClerkStateAndASecondRunWritesNothing()
    {
        await using var h = await StartAsync();
        SeedEveryResource(h.State);

        var first = await h.ReconcileAsync();

        Assert.Equal(ReconcileOutcome.Completed, first.Outcome);
        Assert.Equal(MirrorText.FromState(h.State, All), await h.LiveMirrorAsync(All));
        foreach (var table in first.Tables)
        {
            var expected = h.State.Count(table.Resource);
            Assert.True(table.Listed == expected && table.Inserted == expected && table.Status == ReconcileTableStatus.Done, $"{table.Table}: {table}");
        }

        Assert.StartsWith("reconcile_", first.Tables[0].RunId, StringComparison.Ordinal);
        Assert.Equal(new string?[] { "reconcile" }, await h.QueryAsync($"SELECT DISTINCT origin FROM {MirrorColumns.ChangesTable}"));
        var changes = await h.CountAsync($"SELECT COUNT(*) FROM {MirrorColumns.ChangesTable}");

        var second = await h.ReconcileAsync();

        Assert.Equal(ReconcileOutcome.Completed, second.Outcome);
        Assert.All(second.Tables, t => Assert.True(t.Unchanged == t.Listed && t.Inserted + t.Updated + t.Deleted == 0 && !t.Resumed, t.ToString()));
        Assert.Equal(changes, await h.CountAsync($"SELECT COUNT(*) FROM {MirrorColumns.ChangesTable}"));
    }

    [Fact]
    public async Task ReconcileAsync_RowGoneFromClerk_TombstonedWithCascadeAfterA404()
    {
        await using var h = await StartAsync();
        h.State.Put(ClerkApiResource.Users, ClerkApiObjects.User("user_kept", T0));
        await h.ApplyEventAsync("user.created", ClerkApiObjects.User("user_gone", T0), "msg_1", T0);
        await h.ApplyEventAsync("organizationMembership.created", ClerkApiObjects.Membership("orgmem_gone", "org_1", "user_gone", T0), "msg_2", T0);

        var result = await h.ReconcileAsync(only: ClerkApiResource.Users);

        var users = result.Tables.Single();
        Assert.Equal((1, 1, 1, 0L), (users.Listed, users.Inserted, users.Deleted, users.AbsentButConfirmedLive));
        Assert.Contains(h.StandIn.Log.Requests, r => r.Path.EndsWith("/users/user_gone", StringComparison.Ordinal) && r.Status == 404);
        var gone = (await h.RowAsync(MirrorCatalog.Users, "user_gone"))!;
        Assert.NotNull(gone["deleted_at"]);
        Assert.Equal(users.RunId, gone["deleted_webhook_id"]);
        Assert.Equal(users.RunId, (await h.RowAsync(MirrorCatalog.OrganizationMemberships, "orgmem_gone"))!["deleted_webhook_id"]);
        Assert.NotNull((await h.RowAsync(MirrorCatalog.UserEmailAddresses, "idn_user_gone"))!["deleted_at"]);
        Assert.Equal(
            new string?[] { "cascade reconcile", "delete reconcile" },
            (await h.QueryAsync($"SELECT change || ' ' || origin FROM {MirrorColumns.ChangesTable} WHERE row_id IN ('user_gone', 'orgmem_gone') AND webhook_id = '{users.RunId}' ORDER BY 1")).ToArray());
    }

    [Fact]
    public async Task ReconcileAsync_ConfirmingReadFails_RowKeptAndRunIncomplete()
    {
        await using var h = await StartAsync(o => o.MaxRetryAttempts = 1);
        await h.ApplyEventAsync("user.created", ClerkApiObjects.User("user_gone", T0), "msg_1", T0);

        // Every read after the (single, empty) page fails: the absence cannot be confirmed.
        var result = await h.ReconcileAsync(progress: new Callback(_ => h.StandIn.Faults.FailNext(10)), only: ClerkApiResource.Users);

        Assert.Equal(ReconcileOutcome.Incomplete, result.Outcome);
        Assert.Equal((0L, 1L), (result.Tables[0].Deleted, result.Tables[0].Failed));
        Assert.Null((await h.RowAsync(MirrorCatalog.Users, "user_gone"))!["deleted_at"]);
    }

    [Fact]
    public async Task ReconcileAsync_PageSkipsARow_RowKeptAsConfirmedLive()
    {
        await using var h = await StartAsync(o => o.PageSize = 2);
        for (var i = 0; i < 5; i++)
        {
            h.State.Put(ClerkApiResource.Organizations, ClerkApiObjects.Organization($"org_{i}", T0 + i));
        }

        await h.ReconcileAsync(only: ClerkApiResource.Organizations);
        h.StandIn.Faults.SkipRowOnNextPage(ClerkApiResource.Organizations);
        h.StandIn.Log.Clear();

        var result = (await h.ReconcileAsync(only: ClerkApiResource.Organizations)).Tables.Single();

        // The first page starts one object late, so the rest of the walk sees one object twice and org_0 never.
        Assert.Equal((5L, 1L, 0L), (result.Listed, result.AbsentButConfirmedLive, result.Deleted));
        Assert.Single(h.StandIn.Log.Requests, r => r.Path.Contains("/organizations/org_", StringComparison.Ordinal));
        Assert.Equal(MirrorText.FromState(h.State, [ClerkApiResource.Organizations]), await h.LiveMirrorAsync([ClerkApiResource.Organizations]));
    }

    [Fact]
    public async Task ReconcileAsync_WebhooksDuringTheRun_NewerVersionWinsAndNewRowsAreNotDeleted()
    {
        await using var h = await StartAsync(o => o.PageSize = 2);
        for (var i = 1; i <= 6; i++)
        {
            h.State.Put(ClerkApiResource.Users, ClerkApiObjects.User($"user_{i}", T0 + i));
        }

        var applied = false;
        var progress = new Callback(p =>
        {
            if (p.Pages == 1 && !applied)
            {
                // After the first page: user_5 (page 3) is updated, user_3 (page 2) deleted, user_new created.
                applied = true;
                h.ApplyEventAsync("user.updated", ClerkApiObjects.User("user_5", T0 + 5, updatedAt: T0 + 10_000, firstName: "Newer"), "msg_a", T0 + 10_000).GetAwaiter().GetResult();
                h.ApplyEventAsync("user.deleted", new JsonObject { ["id"] = "user_3", ["object"] = "user", ["deleted"] = true }, "msg_b", T0 + 10_000).GetAwaiter().GetResult();
                h.ApplyEventAsync("user.created", ClerkApiObjects.User("user_new", T0 + 10_000), "msg_c", T0 + 10_000).GetAwaiter().GetResult();
            }
        });

        var result = (await h.ReconcileAsync(progress: progress, only: ClerkApiResource.Users)).Tables.Single();

        Assert.True(applied);
        Assert.Equal((6L, 0L), (result.Listed, result.Deleted));
        var user5 = (await h.RowAsync(MirrorCatalog.Users, "user_5"))!;
        Assert.Equal(("Newer", "msg_a"), ((string?)user5["first_name"], (string?)user5["last_webhook_id"]));
        Assert.Equal("msg_b", (await h.RowAsync(MirrorCatalog.Users, "user_3"))!["deleted_webhook_id"]);
        Assert.Null((await h.RowAsync(MirrorCatalog.Users, "user_new"))!["deleted_at"]);
        Assert.DoesNotContain(h.StandIn.Log.Requests, r => r.Path.EndsWith("/users/user_new", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReconcileAsync_DryRun_CountsTheDriftAndWritesNothing()
    {
        await using var h = await StartAsync();
        h.State.Put(ClerkApiResource.Users, ClerkApiObjects.User("user_missing", T0));
        h.State.Put(ClerkApiResource.Users, ClerkApiObjects.User("user_stale", T0, updatedAt: T0 + 5, firstName: "Current"));
        h.State.Put(ClerkApiResource.Users, ClerkApiObjects.User("user_same", T0));
        await h.ApplyEventAsync("user.created", ClerkApiObjects.User("user_stale", T0), "msg_1", T0);
        await h.ApplyEventAsync("user.created", ClerkApiObjects.User("user_same", T0), "msg_2", T0);
        await h.ApplyEventAsync("user.created", ClerkApiObjects.User("user_gone", T0), "msg_3", T0);
        var before = await DumpAsync(h);

        var dry = (await h.ReconcileAsync(dryRun: true, only: ClerkApiResource.Users)).Tables.Single();

        Assert.Equal(before, await DumpAsync(h));
        Assert.Null(dry.RunId);
        var real = (await h.ReconcileAsync(only: ClerkApiResource.Users)).Tables.Single();
        Assert.Equal((1L, 1L, 1L, 1L), (dry.Inserted, dry.Updated, dry.Unchanged, dry.Deleted));
        Assert.Equal((dry.Listed, dry.Inserted, dry.Updated, dry.Unchanged, dry.Deleted), (real.Listed, real.Inserted, real.Updated, real.Unchanged, real.Deleted));
    }

    [Fact]
    public async Task ReconcileAsync_Interrupted_ResumesAfterTheLastCommittedPage()
    {
        await using var h = await StartAsync(o => o.PageSize = 2);
        for (var i = 1; i <= 10; i++)
        {
            h.State.Put(ClerkApiResource.Users, ClerkApiObjects.User($"user_{i:D2}", T0 + i));
        }

        await h.ApplyEventAsync("user.created", ClerkApiObjects.User("user_gone", T0), "msg_1", T0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var interrupted = h.Reconciler.ReconcileAsync(
            new ReconcileRequest { Resources = [ClerkApiResource.Users] },
            new Callback(p =>
            {
                if (p.Pages == 2)
                {
                    stop.Cancel();
                }
            }),
            stop.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted);
        var firstRequests = h.StandIn.Log.Count;
        h.StandIn.Log.Clear();

        var resumed = (await h.ReconcileAsync(only: ClerkApiResource.Users)).Tables.Single();

        Assert.True(resumed.Resumed);
        Assert.Equal((10L, 10L, 1L), (resumed.Listed, resumed.Inserted, resumed.Deleted));
        Assert.True(h.StandIn.Log.Count < firstRequests + 4, $"{h.StandIn.Log.Count} requests after the resume, {firstRequests} before");
        Assert.Equal(
            ["/v1/users/user_gone"],
            h.StandIn.Log.Requests.Where(r => r.Path.StartsWith("/v1/users/", StringComparison.Ordinal)).Select(r => r.Path).ToArray());
        Assert.Equal(MirrorText.FromState(h.State, [ClerkApiResource.Users]), await h.LiveMirrorAsync([ClerkApiResource.Users]));
    }

    [Fact]
    public async Task ReconcileAsync_AnotherHolderOfTheLock_IsBusyAndDoesNothing()
    {
        await using var h = await StartAsync();
        h.State.Put(ClerkApiResource.Users, ClerkApiObjects.User("user_1", T0));
        await using (var held = await h.Database.TryLockAsync(ClerkReconciler.LockName))
        {
            Assert.NotNull(held);
            var busy = await h.ReconcileAsync();
            Assert.Equal(ReconcileOutcome.Busy, busy.Outcome);
            Assert.Equal(0, h.StandIn.Log.Count);
        }

        Assert.Equal(ReconcileOutcome.Completed, (await h.ReconcileAsync()).Outcome);
    }

    [Fact]
    public async Task ReconcileAsync_KeyRefused_ThrowsTheAuthenticationFailure()
    {
        await using var h = await StartAsync();
        h.StandIn.SecretKey = "sk_test_another";

        var error = await Assert.ThrowsAsync<ClerkBackendApiException>(() => h.ReconcileAsync());

        Assert.True(error.IsAuthenticationFailure);
        Assert.DoesNotContain(ClerkApiStandIn.DefaultSecretKey, error.Message, StringComparison.Ordinal);
    }

    internal static void SeedEveryResource(ClerkApiState state)
    {
        state.Put(ClerkApiResource.Users, ClerkApiObjects.User("user_1", T0));
        state.Put(ClerkApiResource.Users, ClerkApiObjects.User("user_2", T0 + 1, updatedAt: T0 + 50, firstName: "Grace"));
        state.Put(ClerkApiResource.Organizations, ClerkApiObjects.Organization("org_1", T0, membersCount: 2, createdBy: "user_1"));
        state.Put(ClerkApiResource.OrganizationMemberships, ClerkApiObjects.Membership("orgmem_1", "org_1", "user_1", T0, role: "org:admin"));
        state.Put(ClerkApiResource.OrganizationMemberships, ClerkApiObjects.Membership("orgmem_2", "org_1", "user_2", T0 + 1));
        state.Put(ClerkApiResource.OrganizationInvitations, ClerkApiObjects.Invitation("orginv_1", "org_1", T0));
        state.Put(ClerkApiResource.OrganizationDomains, ClerkApiObjects.Domain("orgdmn_1", "org_1", "example.com", T0));
        state.Put(ClerkApiResource.Roles, ClerkApiObjects.Role("role_1", "org:admin", T0, null, "org:sys_memberships:manage"));
        state.Put(ClerkApiResource.Permissions, ClerkApiObjects.Permission("perm_1", "org:posts:create", T0));
        state.Put(ClerkApiResource.WaitlistEntries, ClerkApiObjects.WaitlistEntry("wle_1", "wait@example.com", T0));
        state.Put(ClerkApiResource.SubscriptionItems, ClerkApiObjects.SubscriptionItem("csubi_1", "cpayer_1", T0));
    }

    private Task<ReconcileHarness> StartAsync(Action<ClerkBackendApiOptions>? api = null) => ReconcileHarness.StartAsync(Dialect, GetType().Name, api);

    // Everything a run could write: every mirror row's version and deletion, and the size of ClerkSync's own tables.
    private static async Task<string> DumpAsync(ReconcileHarness h)
    {
        var parts = new List<string?>();
        foreach (var table in MirrorCatalog.All.Select(t => t.Name))
        {
            parts.AddRange(await h.QueryAsync($"SELECT '{table} ' || id || ' ' || version || ' ' || COALESCE(deleted_at, -1) FROM {table} ORDER BY id"));
        }

        foreach (var table in new[] { MirrorColumns.ChangesTable, ReconcileSql.RunsTable, ReconcileSql.SeenTable })
        {
            parts.Add(table + " " + await h.CountAsync($"SELECT COUNT(*) FROM {table}"));
        }

        return string.Join('\n', parts) + "\n" + await h.LiveMirrorAsync(All);
    }

    /// <summary>Synchronous progress (System.Progress posts to the thread pool).</summary>
    private sealed class Callback(Action<ReconcileProgress> report) : IProgress<ReconcileProgress>
    {
        public void Report(ReconcileProgress value) => report(value);
    }
}

public sealed class SqliteReconcileTests : ReconcileTests
{
    internal override MirrorDialect Dialect => MirrorDialect.Sqlite;
}

public sealed class PostgreSqlReconcileTests : ReconcileTests
{
    internal override MirrorDialect Dialect => MirrorDialect.PostgreSql;
}
