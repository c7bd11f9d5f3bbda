using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using ClerkSync.Mirror;
using ClerkSync.Mirror.Schema;
using ClerkSync.TestKit;

namespace ClerkSync.Storage.Tests.Mirror;

/// <summary>The projection's rules on hand-written cases (docs/schema.md), subclassed per database.</summary>
public abstract class MirrorProjectionTests : IAsyncLifetime
{
    private DbConnection _connection = null!;
    private MirrorProjection _projection = null!;

    internal abstract MirrorDialect Dialect { get; }

    public static TheoryData<string, string> Fixtures() =>
        [.. Directory.GetFiles(RepositoryPaths.Resources, "*.json", SearchOption.AllDirectories)
            .Select(f => (Path.GetFileName(Path.GetDirectoryName(f))!, Path.GetFileName(f)))
            .OrderBy(f => f.Item1, StringComparer.Ordinal).ThenBy(f => f.Item2, StringComparer.Ordinal)];

    public async ValueTask InitializeAsync()
    {
        _connection = await OpenAsync();
        _projection = new MirrorProjection(Dialect, TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task ApplyAsync_Fixture_WritesItsTable(string type, string file)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Resources, type, file));
        var id = JsonNode.Parse(json)!["data"]!["id"]!.GetValue<string>();
        await ApplyAsync("msg_fixture", json);
        await ApplyAsync("msg_fixture", json);

        var table = MirrorProjection.TableOf(type);
        if (table is null)
        {
            Assert.True(type is "email.created" or "sms.created", type);
            Assert.Equal(0, await CountAsync(MirrorColumns.ChangesTable));
            return;
        }

        var row = await RowAsync(table.Name, id);
        Assert.NotNull(row);
        Assert.Equal(type.EndsWith(".deleted", StringComparison.Ordinal), row[MirrorColumns.DeletedAt] is not null);
        Assert.Equal("msg_fixture", type.EndsWith(".deleted", StringComparison.Ordinal) ? row[MirrorColumns.DeletedWebhookId] : row[MirrorColumns.LastWebhookId]);
    }

    [Fact]
    public async Task ApplyAsync_UserFixture_TypedColumns()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Resources, "user.created", "openapi.json"));
        await ApplyAsync("msg_1", json);
        var row = (await RowAsync(MirrorCatalog.Users, "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S"))!;
        Assert.Equal("John", row["first_name"]);
        Assert.Equal("Doe", row["last_name"]);
        Assert.Equal("https://img.clerk.com/xxxxxx", row["image_url"]);
        Assert.Equal(0L, row["banned"]);
        Assert.Equal(1716883200000L, row["last_sign_in_at"]);
        Assert.Equal(1716883200000L, row["updated_at"]);
        Assert.Equal(1716883200000L, row[MirrorColumns.Version]);
        Assert.Equal(0L, row[MirrorColumns.Stub]);
        Assert.Null(row[MirrorColumns.DeletedAt]);
    }

    [Fact]
    public async Task ApplyAsync_MembershipBeforeOrganizationAndUser_StubsThenCompleted()
    {
        await ApplyAsync("msg_m", Envelope("organizationMembership.created", 50, Membership("orgmem_1", "org_1", "user_1", updatedAt: 20)));

        var org = (await RowAsync(MirrorCatalog.Organizations, "org_1"))!;
        Assert.Equal(1L, org[MirrorColumns.Stub]);
        Assert.Equal(0L, org[MirrorColumns.Version]);
        Assert.Equal("Embedded", org["name"]);
        var user = (await RowAsync(MirrorCatalog.Users, "user_1"))!;
        Assert.Equal(1L, user[MirrorColumns.Stub]);
        Assert.Equal("Pud", user["first_name"]);
        var membership = (await RowAsync(MirrorCatalog.OrganizationMemberships, "orgmem_1"))!;
        Assert.Equal("org_1", membership["organization_id"]);
        Assert.Equal("user_1", membership["user_id"]);
        Assert.Equal("org:member", membership["role"]);

        await ApplyAsync("msg_o", Envelope("organization.created", 10, new JsonObject { ["id"] = "org_1", ["name"] = "Real", ["updated_at"] = 5 }));
        org = (await RowAsync(MirrorCatalog.Organizations, "org_1"))!;
        Assert.Equal(0L, org[MirrorColumns.Stub]);
        Assert.Equal(5L, org[MirrorColumns.Version]);
        Assert.Equal("Real", org["name"]);
        Assert.Equal("msg_o", org[MirrorColumns.LastWebhookId]);

        // A later membership event does not turn the organization back into a stub.
        await ApplyAsync("msg_m2", Envelope("organizationMembership.updated", 60, Membership("orgmem_1", "org_1", "user_1", updatedAt: 30)));
        Assert.Equal("Real", (await RowAsync(MirrorCatalog.Organizations, "org_1"))!["name"]);
    }

    [Fact]
    public async Task ApplyAsync_LateUpdateAfterDelete_DoesNotResurrect()
    {
        await ApplyAsync("msg_c", Envelope("user.created", 10, User("user_1", "Ann", updatedAt: 10)));
        await ApplyAsync("msg_d", Envelope("user.deleted", 20, new JsonObject { ["id"] = "user_1", ["deleted"] = true }));
        await ApplyAsync("msg_u", Envelope("user.updated", 30, User("user_1", "Late", updatedAt: 30)));

        var row = (await RowAsync(MirrorCatalog.Users, "user_1"))!;
        Assert.Equal(T0 + 20, row[MirrorColumns.DeletedAt]);
        Assert.Equal("msg_d", row[MirrorColumns.DeletedWebhookId]);
        Assert.Equal(30L, row[MirrorColumns.Version]);
        Assert.Equal("Late", row["first_name"]);
        Assert.Equal(T0 + 20, (await RowAsync(MirrorCatalog.UserEmailAddresses, "idn_user_1"))![MirrorColumns.DeletedAt]);
    }

    [Fact]
    public async Task ApplyAsync_StaleUpdate_Ignored()
    {
        await ApplyAsync("msg_2", Envelope("user.updated", 20, User("user_1", "New", updatedAt: 20, email: "new@example.com")));
        await ApplyAsync("msg_1", Envelope("user.created", 10, User("user_1", "Old", updatedAt: 10, email: "old@example.com")));

        var row = (await RowAsync(MirrorCatalog.Users, "user_1"))!;
        Assert.Equal("New", row["first_name"]);
        Assert.Equal("new@example.com", row["primary_email_address"]);
        Assert.Equal("new@example.com", (await RowAsync(MirrorCatalog.UserEmailAddresses, "idn_user_1"))!["email_address"]);
    }

    [Fact]
    public async Task ApplyAsync_EqualVersions_GreaterSvixIdWinsInEitherOrder()
    {
        await ApplyAsync("msg_b", Envelope("user.updated", 10, User("user_1", "B", updatedAt: 10)));
        await ApplyAsync("msg_a", Envelope("user.updated", 10, User("user_1", "A", updatedAt: 10)));
        await ApplyAsync("msg_c", Envelope("user.updated", 10, User("user_2", "C", updatedAt: 10)));
        await ApplyAsync("msg_d", Envelope("user.updated", 10, User("user_2", "D", updatedAt: 10)));

        Assert.Equal("B", (await RowAsync(MirrorCatalog.Users, "user_1"))!["first_name"]);
        Assert.Equal("D", (await RowAsync(MirrorCatalog.Users, "user_2"))!["first_name"]);
    }

    [Fact]
    public async Task ApplyAsync_OrganizationDeleted_TombstonesMembershipsInvitationsDomainsIncludingLateOnes()
    {
        await ApplyAsync("msg_m", Envelope("organizationMembership.created", 10, Membership("orgmem_1", "org_1", "user_1", updatedAt: 10)));
        await ApplyAsync("msg_i", Envelope("organizationInvitation.created", 10, new JsonObject { ["id"] = "orginv_1", ["organization_id"] = "org_1", ["status"] = "pending", ["updated_at"] = 10 }));
        await ApplyAsync("msg_del", Envelope("organization.deleted", 40, new JsonObject { ["id"] = "org_1", ["deleted"] = true }));
        await ApplyAsync("msg_dm", Envelope("organizationDomain.created", 15, new JsonObject { ["id"] = "orgdm_1", ["organization_id"] = "org_1", ["name"] = "a.example", ["updated_at"] = 15 }));
        await ApplyAsync("msg_m2", Envelope("organizationMembership.created", 50, Membership("orgmem_2", "org_1", "user_2", updatedAt: 50)));

        foreach (var (table, id) in new[]
        {
            (MirrorCatalog.Organizations, "org_1"), (MirrorCatalog.OrganizationMemberships, "orgmem_1"), (MirrorCatalog.OrganizationInvitations, "orginv_1"),
            (MirrorCatalog.OrganizationDomains, "orgdm_1"), (MirrorCatalog.OrganizationMemberships, "orgmem_2"),
        })
        {
            var row = (await RowAsync(table, id))!;
            Assert.Equal(T0 + 40, row[MirrorColumns.DeletedAt]);
            Assert.Equal("msg_del", row[MirrorColumns.DeletedWebhookId]);
        }

        Assert.Null((await RowAsync(MirrorCatalog.Users, "user_1"))![MirrorColumns.DeletedAt]);
    }

    [Fact]
    public async Task ApplyAsync_UserDeleted_TombstonesEmailsPhonesAccountsMemberships()
    {
        await ApplyAsync("msg_u", Envelope("user.created", 10, User("user_1", "Ann", updatedAt: 10)));
        await ApplyAsync("msg_m", Envelope("organizationMembership.created", 10, Membership("orgmem_1", "org_1", "user_1", updatedAt: 10)));
        await ApplyAsync("msg_d", Envelope("user.deleted", 30, new JsonObject { ["id"] = "user_1", ["deleted"] = true }));

        foreach (var (table, id) in new[]
        {
            (MirrorCatalog.Users, "user_1"), (MirrorCatalog.UserEmailAddresses, "idn_user_1"), (MirrorCatalog.UserPhoneNumbers, "idn_phone_user_1"),
            (MirrorCatalog.UserExternalAccounts, "eac_user_1"), (MirrorCatalog.OrganizationMemberships, "orgmem_1"),
        })
        {
            Assert.Equal(T0 + 30, (await RowAsync(table, id))![MirrorColumns.DeletedAt]);
        }

        Assert.Null((await RowAsync(MirrorCatalog.Organizations, "org_1"))![MirrorColumns.DeletedAt]);
    }

    [Fact]
    public async Task ApplyAsync_MembershipDeleted_TombstonesMembershipOnly()
    {
        await ApplyAsync("msg_m", Envelope("organizationMembership.created", 10, Membership("orgmem_1", "org_1", "user_1", updatedAt: 10)));
        await ApplyAsync("msg_d", Envelope("organizationMembership.deleted", 20, Membership("orgmem_1", "org_1", "user_1", updatedAt: 10)));
        await ApplyAsync("msg_late", Envelope("organizationMembership.updated", 30, Membership("orgmem_1", "org_1", "user_1", updatedAt: 30)));

        var row = (await RowAsync(MirrorCatalog.OrganizationMemberships, "orgmem_1"))!;
        Assert.Equal(T0 + 20, row[MirrorColumns.DeletedAt]);
        Assert.Null((await RowAsync(MirrorCatalog.Organizations, "org_1"))![MirrorColumns.DeletedAt]);
        Assert.Null((await RowAsync(MirrorCatalog.Users, "user_1"))![MirrorColumns.DeletedAt]);
    }

    [Fact]
    public async Task ApplyAsync_ChangeLog_RecordsEverySvixIdOnce()
    {
        await ApplyAsync("msg_1", Envelope("user.created", 10, User("user_1", "Ann", updatedAt: 10)));
        await ApplyAsync("msg_1", Envelope("user.created", 10, User("user_1", "Ann", updatedAt: 10)));
        await ApplyAsync("msg_2", Envelope("user.updated", 5, User("user_1", "Old", updatedAt: 5)));
        await ApplyAsync("msg_3", Envelope("user.deleted", 30, new JsonObject { ["id"] = "user_1", ["deleted"] = true }));

        var changes = await MirrorQueries.ChangesAsync(_connection, MirrorCatalog.Users, "user_1");
        Assert.Equal(["msg_1", "msg_2", "msg_3"], changes.Select(c => c.WebhookId).Order(StringComparer.Ordinal));
        Assert.Contains(changes, c => c is { WebhookId: "msg_3", Change: "delete" });
    }

    [Fact]
    public async Task ApplyAsync_EmailAndSms_NotMirrored()
    {
        await ApplyAsync("msg_e", Envelope("email.created", 10, new JsonObject { ["id"] = "ema_1", ["user_id"] = "user_1" }));
        await ApplyAsync("msg_s", Envelope("sms.created", 10, new JsonObject { ["id"] = "sms_1", ["user_id"] = "user_1" }));
        await ApplyAsync("msg_x", Envelope("unknown.thing", 10, new JsonObject { ["id"] = "x_1" }));
        foreach (var table in MirrorCatalog.All)
        {
            Assert.Equal(0, await CountAsync(table.Name));
        }
    }

    /// <summary>The envelope times of these tests are T0 + a few ms (a real millisecond time, not mistaken for seconds).</summary>
    internal const long T0 = 1_700_000_000_000;

    internal static JsonObject User(string id, string firstName, long updatedAt, string? email = null) => new()
    {
        ["object"] = "user",
        ["id"] = id,
        ["first_name"] = firstName,
        ["primary_email_address_id"] = "idn_" + id,
        ["email_addresses"] = new JsonArray(new JsonObject { ["id"] = "idn_" + id, ["email_address"] = email ?? id + "@example.com" }),
        ["phone_numbers"] = new JsonArray(new JsonObject { ["id"] = "idn_phone_" + id, ["phone_number"] = "+15550000" }),
        ["external_accounts"] = new JsonArray(new JsonObject { ["id"] = "eac_" + id, ["provider"] = "oauth_github" }),
        ["created_at"] = 1,
        ["updated_at"] = updatedAt,
    };

    internal static JsonObject Membership(string id, string orgId, string userId, long updatedAt) => new()
    {
        ["object"] = "organization_membership",
        ["id"] = id,
        ["role"] = "org:member",
        ["organization"] = new JsonObject { ["id"] = orgId, ["name"] = "Embedded", ["updated_at"] = 3 },
        ["public_user_data"] = new JsonObject { ["user_id"] = userId, ["first_name"] = "Pud" },
        ["updated_at"] = updatedAt,
    };

    internal static string Envelope(string type, long timestamp, JsonObject data) =>
        new JsonObject { ["data"] = data, ["object"] = "event", ["type"] = type, ["timestamp"] = T0 + timestamp }.ToJsonString();

    /// <summary>Opens a connection to an empty database holding the mirror schema.</summary>
    private protected abstract Task<DbConnection> OpenAsync();

    private async Task ApplyAsync(string webhookId, string json)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        await _projection.ApplyAsync(Encoding.UTF8.GetBytes(json), webhookId, transaction);
        await transaction.CommitAsync();
    }

    private Task<Dictionary<string, object?>?> RowAsync(string table, string id) => MirrorState.RowAsync(_connection, table, id);

    private async Task<long> CountAsync(string table)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
