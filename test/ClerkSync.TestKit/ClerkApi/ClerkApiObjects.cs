using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClerkSync.BackendApi;

namespace ClerkSync.TestKit.ClerkApi;

/// <summary>
/// Builds Backend API objects with the fields Clerk's spec (2026-05-12) requires, which are also the webhook
/// <c>data</c> shapes the mirror reads. Times are unix milliseconds. Edit the returned tree for anything else.
/// </summary>
public static class ClerkApiObjects
{
    /// <summary>A user with one verified email address.</summary>
    public static JsonObject User(string id, long createdAt, long? updatedAt = null, string? email = null, string? firstName = "Ada", string? lastName = "Lovelace", string? externalId = null) => new()
    {
        ["id"] = id,
        ["object"] = "user",
        ["external_id"] = externalId,
        ["primary_email_address_id"] = "idn_" + id,
        ["primary_phone_number_id"] = null,
        ["primary_web3_wallet_id"] = null,
        ["username"] = null,
        ["first_name"] = firstName,
        ["last_name"] = lastName,
        ["image_url"] = "https://img.clerk.com/standin",
        ["has_image"] = false,
        ["public_metadata"] = new JsonObject(),
        ["private_metadata"] = new JsonObject(),
        ["unsafe_metadata"] = new JsonObject(),
        ["email_addresses"] = new JsonArray(EmailAddress("idn_" + id, email ?? id + "@example.com", createdAt)),
        ["phone_numbers"] = new JsonArray(),
        ["web3_wallets"] = new JsonArray(),
        ["passkeys"] = new JsonArray(),
        ["password_enabled"] = true,
        ["two_factor_enabled"] = false,
        ["totp_enabled"] = false,
        ["backup_code_enabled"] = false,
        ["mfa_enabled_at"] = null,
        ["mfa_disabled_at"] = null,
        ["external_accounts"] = new JsonArray(),
        ["saml_accounts"] = new JsonArray(),
        ["enterprise_accounts"] = new JsonArray(),
        ["last_sign_in_at"] = null,
        ["banned"] = false,
        ["locked"] = false,
        ["lockout_expires_in_seconds"] = null,
        ["verification_attempts_remaining"] = 100,
        ["delete_self_enabled"] = true,
        ["create_organization_enabled"] = true,
        ["last_active_at"] = null,
        ["legal_accepted_at"] = null,
        ["created_at"] = createdAt,
        ["updated_at"] = updatedAt ?? createdAt,
    };

    /// <summary>An organization.</summary>
    public static JsonObject Organization(string id, long createdAt, long? updatedAt = null, string? name = null, string? slug = null, int membersCount = 0, string? createdBy = null) => new()
    {
        ["object"] = "organization",
        ["id"] = id,
        ["name"] = name ?? "Org " + id,
        ["slug"] = slug ?? id.Replace('_', '-'),
        ["image_url"] = "https://img.clerk.com/standin",
        ["has_image"] = false,
        ["members_count"] = membersCount,
        ["max_allowed_memberships"] = 5,
        ["admin_delete_enabled"] = true,
        ["public_metadata"] = new JsonObject(),
        ["private_metadata"] = new JsonObject(),
        ["created_by"] = createdBy,
        ["created_at"] = createdAt,
        ["updated_at"] = updatedAt ?? createdAt,
    };

    /// <summary>A membership of <paramref name="userId"/> in <paramref name="organizationId"/>, with the embedded organization and public user data.</summary>
    public static JsonObject Membership(string id, string organizationId, string userId, long createdAt, long? updatedAt = null, string role = "org:member") => new()
    {
        ["id"] = id,
        ["object"] = "organization_membership",
        ["role"] = role,
        ["role_name"] = role == "org:admin" ? "Admin" : "Member",
        ["permissions"] = new JsonArray("org:sys_memberships:read"),
        ["public_metadata"] = new JsonObject(),
        ["private_metadata"] = new JsonObject(),
        ["organization"] = Organization(organizationId, createdAt),
        ["public_user_data"] = new JsonObject
        {
            ["user_id"] = userId,
            ["first_name"] = "Ada",
            ["last_name"] = "Lovelace",
            ["image_url"] = "https://img.clerk.com/standin",
            ["has_image"] = false,
            ["identifier"] = userId + "@example.com",
            ["username"] = null,
        },
        ["created_at"] = createdAt,
        ["updated_at"] = updatedAt ?? createdAt,
    };

    /// <summary>An invitation to <paramref name="organizationId"/>.</summary>
    public static JsonObject Invitation(string id, string organizationId, long createdAt, long? updatedAt = null, string status = "pending", string? email = null) => new()
    {
        ["object"] = "organization_invitation",
        ["id"] = id,
        ["email_address"] = email ?? id + "@example.com",
        ["role"] = "org:member",
        ["role_name"] = "Member",
        ["organization_id"] = organizationId,
        ["inviter_id"] = null,
        ["public_inviter_data"] = null,
        ["status"] = status,
        ["public_metadata"] = new JsonObject(),
        ["private_metadata"] = new JsonObject(),
        ["url"] = null,
        ["expires_at"] = createdAt + (30L * 24 * 3600 * 1000),
        ["created_at"] = createdAt,
        ["updated_at"] = updatedAt ?? createdAt,
    };

    /// <summary>A domain of <paramref name="organizationId"/>.</summary>
    public static JsonObject Domain(string id, string organizationId, string name, long createdAt, long? updatedAt = null, string enrollmentMode = "manual_invitation") => new()
    {
        ["object"] = "organization_domain",
        ["id"] = id,
        ["organization_id"] = organizationId,
        ["name"] = name,
        ["enrollment_mode"] = enrollmentMode,
        ["affiliation_email_address"] = null,
        ["affiliation_verification"] = null,
        ["ownership_verification"] = null,
        ["verification"] = new JsonObject { ["status"] = "verified", ["strategy"] = "email_code", ["attempts"] = 0, ["expire_at"] = null },
        ["total_pending_invitations"] = 0,
        ["total_pending_suggestions"] = 0,
        ["created_at"] = createdAt,
        ["updated_at"] = updatedAt ?? createdAt,
    };

    /// <summary>A role with the given permission keys.</summary>
    public static JsonObject Role(string id, string key, long createdAt, long? updatedAt = null, params string[] permissionKeys) => new()
    {
        ["object"] = "role",
        ["id"] = id,
        ["name"] = key,
        ["key"] = key,
        ["description"] = "Role " + key,
        ["is_creator_eligible"] = true,
        ["permissions"] = new JsonArray([.. permissionKeys.Select((k, i) => (JsonNode)Permission($"perm_{id}_{i}", k, createdAt))]),
        ["created_at"] = createdAt,
        ["updated_at"] = updatedAt ?? createdAt,
    };

    /// <summary>A permission.</summary>
    public static JsonObject Permission(string id, string key, long createdAt, long? updatedAt = null, string type = "user") => new()
    {
        ["object"] = "permission",
        ["id"] = id,
        ["name"] = key,
        ["key"] = key,
        ["description"] = "Permission " + key,
        ["type"] = type,
        ["created_at"] = createdAt,
        ["updated_at"] = updatedAt ?? createdAt,
    };

    /// <summary>A waitlist entry.</summary>
    public static JsonObject WaitlistEntry(string id, string email, long createdAt, long? updatedAt = null, string status = "pending") => new()
    {
        ["object"] = "waitlist_entry",
        ["id"] = id,
        ["email_address"] = email,
        ["status"] = status,
        ["is_locked"] = false,
        ["invitation"] = null,
        ["created_at"] = createdAt,
        ["updated_at"] = updatedAt ?? createdAt,
    };

    /// <summary>A billing subscription item on a plan.</summary>
    public static JsonObject SubscriptionItem(string id, string payerId, long createdAt, long? updatedAt = null, string status = "active", string planId = "cplan_standin") => new()
    {
        ["object"] = "commerce_subscription_item",
        ["id"] = id,
        ["instance_id"] = "ins_standin",
        ["status"] = status,
        ["plan_id"] = planId,
        ["plan"] = new JsonObject { ["id"] = planId, ["name"] = "Pro", ["slug"] = "pro" },
        ["plan_period"] = "month",
        ["payer_id"] = payerId,
        ["is_free_trial"] = false,
        ["period_start"] = createdAt,
        ["period_end"] = createdAt + (30L * 24 * 3600 * 1000),
        ["canceled_at"] = null,
        ["past_due_at"] = null,
        ["ended_at"] = null,
        ["created_at"] = createdAt,
        ["updated_at"] = updatedAt ?? createdAt,
    };

    /// <summary>
    /// Puts <paramref name="count"/> users into <paramref name="state"/> quickly (about a second for 100,000): each a
    /// spec-shaped user of about 1 KB written straight to bytes, <c>user_bulk_000001</c>, ... created 1 ms apart from
    /// <paramref name="firstCreatedAt"/>.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="count">How many users.</param>
    /// <param name="firstCreatedAt">The first user's <c>created_at</c> (ms).</param>
    /// <param name="idPrefix">The id prefix.</param>
    public static void AddUsers(ClerkApiState state, int count, long firstCreatedAt = 1_700_000_000_000, string idPrefix = "user_bulk_")
    {
        ArgumentNullException.ThrowIfNull(state);
        var template = User("user_template", 0);
        var buffer = new ArrayBufferWriter<byte>(2048);
        state.PutMany(ClerkApiResource.Users, Enumerable.Range(1, count).Select(i =>
        {
            var id = idPrefix + i.ToString("D6", CultureInfo.InvariantCulture);
            var createdAt = firstCreatedAt + i;
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteUser(writer, template, id, createdAt);
            }

            return new ClerkApiObject(id, createdAt, null, null, null, buffer.WrittenSpan.ToArray());
        }));
    }

    private static void WriteUser(Utf8JsonWriter writer, JsonObject template, string id, long createdAt)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in template)
        {
            switch (name)
            {
                case "id":
                    writer.WriteString(name, id);
                    break;
                case "primary_email_address_id":
                    writer.WriteString(name, "idn_" + id);
                    break;
                case "created_at" or "updated_at":
                    writer.WriteNumber(name, createdAt);
                    break;
                case "email_addresses":
                    writer.WritePropertyName(name);
                    writer.WriteStartArray();
                    EmailAddress("idn_" + id, id + "@example.com", createdAt).WriteTo(writer);
                    writer.WriteEndArray();
                    break;
                default:
                    writer.WritePropertyName(name);
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(writer);
                    }

                    break;
            }
        }

        writer.WriteEndObject();
    }

    private static JsonObject EmailAddress(string id, string email, long createdAt) => new()
    {
        ["id"] = id,
        ["object"] = "email_address",
        ["email_address"] = email,
        ["reserved"] = false,
        ["verification"] = new JsonObject { ["status"] = "verified", ["strategy"] = "email_code", ["attempts"] = 1, ["expire_at"] = createdAt + 600_000 },
        ["linked_to"] = new JsonArray(),
        ["created_at"] = createdAt,
        ["updated_at"] = createdAt,
    };
}
