using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;

namespace ClerkSync.Storage.Tests.Mirror;

/// <summary>One generated event: its kind, which entity, its data version, envelope time and a variant for field values.</summary>
internal sealed record HistoryEvent(int Kind, int Entity, int Version, int Timestamp, int Variant);

/// <summary>A delivered event: the svix id and the envelope JSON.</summary>
internal sealed record Delivery(string WebhookId, long Timestamp, string Json);

/// <summary>
/// Random Clerk histories over users, organizations, memberships, invitations, domains, roles, permissions and
/// sessions (issue #4, section 3). Small pools of ids so that events collide; versions and times from a small range so
/// that ties are frequent; every parent/child link fixed per id, as in Clerk.
/// </summary>
internal static class MirrorHistory
{
    private const long Epoch = 1_700_000_000_000;
    private const int Kinds = 15;

    /// <summary>Histories of 3 to 30 events, each with a delivery seed.</summary>
    public static readonly Gen<(HistoryEvent[] Events, int Seed)> Histories =
        Gen.Select(
            Gen.Select(Gen.Int[0, Kinds - 1], Gen.Int[0, 3], Gen.Int[1, 8], Gen.Int[1, 8], Gen.Int[0, 15], (k, e, v, t, x) => new HistoryEvent(k, e, v, t, x)).Array[3, 30],
            Gen.Int);

    /// <summary>Gets the deliveries of a history, one per event, in history order.</summary>
    public static Delivery[] ToDeliveries(HistoryEvent[] events) => [.. events.Select((e, i) => ToDelivery(e, i))];

    /// <summary>Event-time order: envelope timestamp, then svix id.</summary>
    public static Delivery[] InEventTimeOrder(Delivery[] deliveries) =>
        [.. deliveries.OrderBy(d => d.Timestamp).ThenBy(d => d.WebhookId, StringComparer.Ordinal)];

    /// <summary>A shuffled delivery with random duplicates (Svix retries and resends keep the svix id and bytes).</summary>
    public static Delivery[] Shuffled(Delivery[] deliveries, int seed)
    {
        var random = new Random(seed);
        var list = deliveries.ToList();
        var duplicates = random.Next(0, deliveries.Length + 1);
        for (var i = 0; i < duplicates; i++)
        {
            list.Add(deliveries[random.Next(deliveries.Length)]);
        }

        var array = list.ToArray();
        random.Shuffle(array);
        return array;
    }

    private static Delivery ToDelivery(HistoryEvent e, int index)
    {
        // Svix ids unrelated to history order, unique per event.
        var webhookId = $"msg_{(index * 7919 + e.Variant * 31) % 997:D3}{index:D2}";
        var timestamp = Epoch + (e.Timestamp * 1000L);
        var updatedAt = Epoch + (e.Version * 1000L);
        var (type, data) = e.Kind switch
        {
            0 => (e.Variant % 2 == 0 ? "user.created" : "user.updated", User(e.Entity % 3, e.Variant, updatedAt)),
            1 => ("user.deleted", Deleted("user", UserId(e.Entity % 3))),
            2 => (e.Variant % 2 == 0 ? "organization.created" : "organization.updated", Organization(e.Entity % 2, e.Variant, updatedAt)),
            3 => ("organization.deleted", Deleted("organization", OrgId(e.Entity % 2))),
            4 => (e.Variant % 2 == 0 ? "organizationMembership.created" : "organizationMembership.updated", Membership(e.Entity, e.Variant, updatedAt)),
            5 => ("organizationMembership.deleted", Membership(e.Entity, e.Variant, updatedAt)),
            6 => ("organizationInvitation." + (e.Variant % 3) switch { 0 => "created", 1 => "accepted", _ => "revoked" }, Invitation(e.Entity % 2, e.Variant, updatedAt)),
            7 => (e.Variant % 2 == 0 ? "role.created" : "role.updated", Role(e.Entity % 2, e.Variant, updatedAt)),
            8 => ("role.deleted", e.Variant % 2 == 0 ? Deleted("role", RoleId(e.Entity % 2)) : Role(e.Entity % 2, e.Variant, updatedAt)),
            9 => ("session." + (e.Variant % 4) switch { 0 => "created", 1 => "ended", 2 => "revoked", _ => "removed" }, Session(e.Entity % 2, e.Variant, updatedAt)),
            10 => (e.Variant % 2 == 0 ? "organizationDomain.created" : "organizationDomain.updated", Domain(e.Entity % 2, e.Variant, updatedAt)),
            11 => ("organizationDomain.deleted", Deleted("organization_domain", DomainId(e.Entity % 2))),
            12 => (e.Variant % 2 == 0 ? "permission.created" : "permission.updated", Permission(e.Entity % 2, e.Variant, updatedAt)),
            13 => ("permission.deleted", Deleted("permission", PermissionId(e.Entity % 2))),
            _ => ("email.created", new JsonObject { ["object"] = "email", ["id"] = "ema_" + e.Entity, ["subject"] = "s" + e.Variant }),
        };
        var envelope = new JsonObject
        {
            ["data"] = data,
            ["object"] = "event",
            ["type"] = type,
            ["timestamp"] = timestamp,
            ["instance_id"] = "ins_test",
        };
        return new Delivery(webhookId, timestamp, envelope.ToJsonString());
    }

    private static string UserId(int n) => "user_" + n;

    private static string OrgId(int n) => "org_" + n;

    private static string RoleId(int n) => "role_" + n;

    private static string DomainId(int n) => "orgdm_" + n;

    private static string PermissionId(int n) => "perm_" + n;

    private static JsonObject Deleted(string obj, string id) => new() { ["object"] = obj, ["id"] = id, ["deleted"] = true };

    private static JsonObject User(int n, int variant, long updatedAt)
    {
        // The variant picks which of the user's two addresses and phone exist, and which is primary.
        var emails = new JsonArray();
        var phones = new JsonArray();
        for (var i = 0; i < 2; i++)
        {
            if ((variant & (1 << i)) != 0)
            {
                emails.Add(new JsonObject
                {
                    ["object"] = "email_address",
                    ["id"] = $"idn_{n}e{i}",
                    ["email_address"] = $"u{n}.{i}.{variant}@example.com",
                    ["verification"] = new JsonObject { ["status"] = variant % 3 == 0 ? "verified" : "unverified" },
                });
            }
        }

        if ((variant & 4) != 0)
        {
            phones.Add(new JsonObject { ["object"] = "phone_number", ["id"] = $"idn_{n}p", ["phone_number"] = "+1555000" + variant.ToString("D4", CultureInfo.InvariantCulture) });
        }

        var accounts = new JsonArray();
        if ((variant & 8) != 0)
        {
            accounts.Add(new JsonObject { ["object"] = "external_account", ["id"] = $"eac_{n}", ["provider"] = "oauth_google", ["provider_user_id"] = "g" + n, ["email_address"] = $"u{n}@gmail.com" });
        }

        return new JsonObject
        {
            ["object"] = "user",
            ["id"] = UserId(n),
            ["external_id"] = variant % 5 == 0 ? null : "ext_" + n,
            ["primary_email_address_id"] = variant % 2 == 0 ? $"idn_{n}e0" : $"idn_{n}e1",
            ["primary_phone_number_id"] = $"idn_{n}p",
            ["username"] = $"user{n}v{variant}",
            ["first_name"] = "First" + variant,
            ["last_name"] = "Last" + n,
            ["image_url"] = "https://img.example/" + variant,
            ["email_addresses"] = emails,
            ["phone_numbers"] = phones,
            ["external_accounts"] = accounts,
            ["banned"] = variant == 7,
            ["locked"] = variant == 9,
            ["last_sign_in_at"] = updatedAt - 500,
            ["created_at"] = Epoch,
            ["updated_at"] = updatedAt,
        };
    }

    private static JsonObject Organization(int n, int variant, long updatedAt) => new()
    {
        ["object"] = "organization",
        ["id"] = OrgId(n),
        ["name"] = $"Org {n} v{variant}",
        ["slug"] = $"org-{n}-{variant}",
        ["members_count"] = variant,
        ["max_allowed_memberships"] = 5,
        ["created_by"] = UserId(0),
        ["created_at"] = Epoch,
        ["updated_at"] = updatedAt,
    };

    // Membership n always joins org n % 2 and user n % 3.
    private static JsonObject Membership(int n, int variant, long updatedAt) => new()
    {
        ["object"] = "organization_membership",
        ["id"] = "orgmem_" + n,
        ["role"] = variant % 2 == 0 ? "org:member" : "org:admin",
        ["role_name"] = variant % 2 == 0 ? "Member" : "Admin",
        ["permissions"] = new JsonArray("org:posts:read"),
        ["organization"] = Organization(n % 2, (variant + 3) % 16, updatedAt - (variant * 1000L)),
        ["public_user_data"] = new JsonObject { ["user_id"] = UserId(n % 3), ["first_name"] = "Pud" + variant, ["last_name"] = "L", ["image_url"] = "https://img.example/p" + variant, ["identifier"] = $"u{n % 3}@example.com" },
        ["created_at"] = Epoch,
        ["updated_at"] = updatedAt,
    };

    private static JsonObject Invitation(int n, int variant, long updatedAt) => new()
    {
        ["object"] = "organization_invitation",
        ["id"] = "orginv_" + n,
        ["email_address"] = $"invitee{n}@example.com",
        ["role"] = "org:member",
        ["organization_id"] = OrgId(n % 2),
        ["status"] = (variant % 3) switch { 0 => "pending", 1 => "accepted", _ => "revoked" },
        ["user_id"] = variant % 3 == 1 ? UserId(n % 3) : null,
        ["expires_at"] = Epoch + 86_400_000,
        ["created_at"] = Epoch,
        ["updated_at"] = updatedAt,
    };

    private static JsonObject Role(int n, int variant, long updatedAt) => new()
    {
        ["object"] = "role",
        ["id"] = RoleId(n),
        ["key"] = "org:role" + n,
        ["name"] = $"Role {n} v{variant}",
        ["description"] = null,
        ["permissions"] = new JsonArray(new JsonObject { ["object"] = "permission", ["id"] = PermissionId(variant % 2), ["key"] = "org:p" + (variant % 2) }),
        ["created_at"] = Epoch,
        ["updated_at"] = updatedAt,
    };

    private static JsonObject Permission(int n, int variant, long updatedAt) => new()
    {
        ["object"] = "permission",
        ["id"] = PermissionId(n),
        ["key"] = "org:p" + n,
        ["name"] = $"Permission {n} v{variant}",
        ["type"] = "user",
        ["created_at"] = Epoch,
        ["updated_at"] = updatedAt,
    };

    private static JsonObject Session(int n, int variant, long updatedAt) => new()
    {
        ["object"] = "session",
        ["id"] = "sess_" + n,
        ["user_id"] = UserId(n % 3),
        ["client_id"] = "client_" + n,
        ["status"] = (variant % 4) switch { 0 => "active", 1 => "ended", 2 => "revoked", _ => "removed" },
        ["last_active_organization_id"] = variant % 2 == 0 ? OrgId(0) : null,
        ["last_active_at"] = updatedAt,
        ["expire_at"] = updatedAt + 1000,
        ["abandon_at"] = updatedAt + 2000,
        ["created_at"] = Epoch,
        ["updated_at"] = updatedAt,
    };

    private static JsonObject Domain(int n, int variant, long updatedAt) => new()
    {
        ["object"] = "organization_domain",
        ["id"] = DomainId(n),
        ["organization_id"] = OrgId(n % 2),
        ["name"] = $"d{n}.example.com",
        ["enrollment_mode"] = variant % 2 == 0 ? "manual_invitation" : "automatic_invitation",
        ["verification"] = variant % 3 == 0 ? null : new JsonObject { ["status"] = "verified" },
        ["created_at"] = Epoch,
        ["updated_at"] = updatedAt,
    };
}
