using System.Text.Json;

namespace ClerkSync.Mirror.Schema;

/// <summary>
/// The mirror tables (issue #4): names, typed columns and cascades. Names and columns are a public contract,
/// documented in docs/schema.md; <c>MirrorSchemaDocTests</c> fails when the doc misses one.
/// </summary>
internal static class MirrorCatalog
{
    public const string Users = "clerk_users";
    public const string UserEmailAddresses = "clerk_user_email_addresses";
    public const string UserPhoneNumbers = "clerk_user_phone_numbers";
    public const string UserExternalAccounts = "clerk_user_external_accounts";
    public const string Organizations = "clerk_organizations";
    public const string OrganizationMemberships = "clerk_organization_memberships";
    public const string OrganizationInvitations = "clerk_organization_invitations";
    public const string OrganizationDomains = "clerk_organization_domains";
    public const string Roles = "clerk_roles";
    public const string Permissions = "clerk_permissions";
    public const string Sessions = "clerk_sessions";
    public const string WaitlistEntries = "clerk_waitlist_entries";
    public const string Subscriptions = "clerk_subscriptions";
    public const string SubscriptionItems = "clerk_subscription_items";
    public const string PaymentAttempts = "clerk_payment_attempts";

    private static readonly MirrorParentLink[] OfUser = [new("user_id", Users)];
    private static readonly MirrorParentLink[] OfOrganization = [new("organization_id", Organizations)];

    public static readonly MirrorTable UsersTable = new(Users, "A Clerk user.",
    [
        Text("external_id", "Your id for the user (`external_id`)."),
        Text("primary_email_address_id", "Id of the primary email address."),
        new("primary_email_address", MirrorColumnType.Text, "The primary email address, looked up in `email_addresses`.", (o, _) => PrimaryOf(o, "email_addresses", "primary_email_address_id", "email_address")),
        new("primary_phone_number", MirrorColumnType.Text, "The primary phone number, looked up in `phone_numbers`.", (o, _) => PrimaryOf(o, "phone_numbers", "primary_phone_number_id", "phone_number")),
        Text("username", "Username."),
        Text("first_name", "First name."),
        Text("last_name", "Last name."),
        Text("image_url", "Image URL."),
        Bool("banned", "Banned."),
        Bool("locked", "Locked (too many failed sign-ins)."),
        Long("last_sign_in_at", "Last sign-in (ms)."),
        Long("last_active_at", "Last activity (ms)."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], []);

    public static readonly MirrorTable UserEmailAddressesTable = new(UserEmailAddresses, "An email address of a user, from the user's `email_addresses` array.",
    [
        ParentId("user_id", "The user's id."),
        Text("email_address", "The address."),
        Path("verification_status", MirrorColumnType.Text, "`verification.status`.", "verification", "status"),
        new("is_primary", MirrorColumnType.Boolean, "Whether it is the user's primary address.", (o, user) => IsPrimary(o, user, "primary_email_address_id")),
    ], OfUser);

    public static readonly MirrorTable UserPhoneNumbersTable = new(UserPhoneNumbers, "A phone number of a user, from the user's `phone_numbers` array.",
    [
        ParentId("user_id", "The user's id."),
        Text("phone_number", "The number."),
        Path("verification_status", MirrorColumnType.Text, "`verification.status`.", "verification", "status"),
        new("is_primary", MirrorColumnType.Boolean, "Whether it is the user's primary number.", (o, user) => IsPrimary(o, user, "primary_phone_number_id")),
    ], OfUser);

    public static readonly MirrorTable UserExternalAccountsTable = new(UserExternalAccounts, "An OAuth account of a user, from the user's `external_accounts` array.",
    [
        ParentId("user_id", "The user's id."),
        Text("provider", "The provider (`oauth_google`, ...)."),
        Text("provider_user_id", "The user's id at the provider."),
        Text("email_address", "Email address at the provider."),
        Text("username", "Username at the provider."),
        Text("first_name", "First name at the provider."),
        Text("last_name", "Last name at the provider."),
        Path("verification_status", MirrorColumnType.Text, "`verification.status`.", "verification", "status"),
    ], OfUser);

    public static readonly MirrorTable OrganizationsTable = new(Organizations, "A Clerk organization.",
    [
        Text("name", "Name."),
        Text("slug", "Slug."),
        Text("image_url", "Image URL."),
        Long("members_count", "Member count, when Clerk sends it."),
        Long("max_allowed_memberships", "Membership limit."),
        Text("created_by", "Id of the user who created it."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], []);

    public static readonly MirrorTable OrganizationMembershipsTable = new(OrganizationMemberships, "A user's membership of an organization.",
    [
        Path("organization_id", MirrorColumnType.Text, "The organization's id (`organization.id`).", "organization", "id"),
        Path("user_id", MirrorColumnType.Text, "The user's id (`public_user_data.user_id`).", "public_user_data", "user_id"),
        Text("role", "Role key (`org:admin`, ...)."),
        Text("role_name", "Role name."),
        Json("permissions", "Permission keys (JSON array)."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], [new("organization_id", Organizations), new("user_id", Users)]);

    public static readonly MirrorTable OrganizationInvitationsTable = new(OrganizationInvitations, "An invitation to an organization.",
    [
        Text("organization_id", "The organization's id."),
        Text("email_address", "The invited address."),
        Text("role", "Role key."),
        Text("role_name", "Role name."),
        Text("status", "`pending`, `accepted`, `revoked`, ..."),
        Text("user_id", "The user who accepted it (`accepted` only)."),
        Long("expires_at", "Expiry (ms)."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], OfOrganization);

    public static readonly MirrorTable OrganizationDomainsTable = new(OrganizationDomains, "A verified or pending domain of an organization.",
    [
        Text("organization_id", "The organization's id."),
        Text("name", "The domain name."),
        Text("enrollment_mode", "`manual_invitation`, `automatic_invitation`, `automatic_suggestion`."),
        Path("verification_status", MirrorColumnType.Text, "`verification.status`.", "verification", "status"),
        Text("affiliation_email_address", "The address used to verify affiliation."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], OfOrganization);

    public static readonly MirrorTable RolesTable = new(Roles, "An organization role.",
    [
        Text("key", "Role key (`org:admin`)."),
        Text("name", "Name."),
        Text("description", "Description."),
        new("permissions", MirrorColumnType.Json, "Permission keys (JSON array) from `permissions[].key`.", (o, _) => PermissionKeys(o)),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], []);

    public static readonly MirrorTable PermissionsTable = new(Permissions, "An organization permission.",
    [
        Text("key", "Permission key (`org:posts:create`)."),
        Text("name", "Name."),
        Text("description", "Description."),
        Text("type", "`system` or `user`/`custom`."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], []);

    public static readonly MirrorTable SessionsTable = new(Sessions, "A session, from `session.*` events.",
    [
        Text("user_id", "The user's id."),
        Text("client_id", "The client's id."),
        Text("status", "`active`, `ended`, `removed`, `revoked`, `pending`, ..."),
        Text("last_active_organization_id", "The active organization."),
        Long("last_active_at", "Last activity (ms)."),
        Long("expire_at", "Expiry (ms)."),
        Long("abandon_at", "Abandon time (ms)."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], []);

    public static readonly MirrorTable WaitlistEntriesTable = new(WaitlistEntries, "A waitlist entry.",
    [
        Text("email_address", "The address."),
        Text("status", "`pending`, `invited`, `rejected`, `completed`."),
        Bool("is_locked", "Locked."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], []);

    public static readonly MirrorTable SubscriptionsTable = new(Subscriptions, "A billing subscription.",
    [
        Text("status", "`active`, `past_due`, ..."),
        Text("payer_id", "The payer's id."),
        Path("user_id", MirrorColumnType.Text, "The paying user (`payer.user_id`), when a user pays.", "payer", "user_id"),
        Path("organization_id", MirrorColumnType.Text, "The paying organization (`payer.organization_id`), when an organization pays.", "payer", "organization_id"),
        Text("latest_payment_id", "The latest payment's id."),
        Long("active_at", "Became active (ms)."),
        Long("canceled_at", "Canceled (ms)."),
        Long("ended_at", "Ended (ms)."),
        Long("past_due_at", "Went past due (ms)."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], []);

    public static readonly MirrorTable SubscriptionItemsTable = new(SubscriptionItems, "A billing subscription item (a plan on a subscription).",
    [
        Text("subscription_id", "The subscription's id."),
        Text("status", "`active`, `canceled`, `upcoming`, `ended`, ..."),
        Text("plan_id", "The plan's id."),
        Path("plan_slug", MirrorColumnType.Text, "The plan's slug (`plan.slug`).", "plan", "slug"),
        new("plan_period", MirrorColumnType.Text, "`month` or `annual` (`plan_period`, or `interval`).", (o, _) => String(o, "plan_period") ?? String(o, "interval")),
        Path("payer_id", MirrorColumnType.Text, "The payer's id (`payer.id`).", "payer", "id"),
        Bool("is_free_trial", "Free trial."),
        Long("period_start", "Period start (ms)."),
        Long("period_end", "Period end (ms)."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], []);

    public static readonly MirrorTable PaymentAttemptsTable = new(PaymentAttempts, "A billing payment attempt.",
    [
        Text("payment_id", "The payment's id."),
        Text("status", "`pending`, `paid`, `failed`."),
        Text("charge_type", "`checkout` or `recurring`."),
        Path("payer_id", MirrorColumnType.Text, "The payer's id (`payer.id`).", "payer", "id"),
        Path("user_id", MirrorColumnType.Text, "The paying user (`payer.user_id`).", "payer", "user_id"),
        Path("grand_total_amount", MirrorColumnType.Int64, "`totals.grand_total.amount` (minor units).", "totals", "grand_total", "amount"),
        Path("currency", MirrorColumnType.Text, "`totals.grand_total.currency`.", "totals", "grand_total", "currency"),
        Long("billing_date", "Billing date (ms)."),
        Long("paid_at", "Paid (ms)."),
        Long("failed_at", "Failed (ms)."),
        Long("created_at", "Created (ms)."),
        Long("updated_at", "Updated (ms)."),
    ], []);

    /// <summary>Gets every mirror table, parents before children.</summary>
    public static IReadOnlyList<MirrorTable> All { get; } =
    [
        UsersTable, UserEmailAddressesTable, UserPhoneNumbersTable, UserExternalAccountsTable,
        OrganizationsTable, OrganizationMembershipsTable, OrganizationInvitationsTable, OrganizationDomainsTable,
        RolesTable, PermissionsTable, SessionsTable, WaitlistEntriesTable,
        SubscriptionsTable, SubscriptionItemsTable, PaymentAttemptsTable,
    ];

    /// <summary>Finds a table by name, or null.</summary>
    public static MirrorTable? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    private static MirrorColumn Text(string name, string description) => new(name, MirrorColumnType.Text, description, (o, _) => String(o, name));

    private static MirrorColumn Long(string name, string description) => new(name, MirrorColumnType.Int64, description, (o, _) => Int64(o, name));

    private static MirrorColumn Bool(string name, string description) => new(name, MirrorColumnType.Boolean, description, (o, _) => Boolean(o, name));

    private static MirrorColumn Json(string name, string description) => new(name, MirrorColumnType.Json, description, (o, _) => RawJson(o, name));

    private static MirrorColumn ParentId(string name, string description) => new(name, MirrorColumnType.Text, description, (_, parent) => String(parent, "id"));

    private static MirrorColumn Path(string name, MirrorColumnType type, string description, params string[] path) => new(name, type, description, (o, _) =>
    {
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty(path[i], out o))
            {
                return null;
            }
        }

        return type switch
        {
            MirrorColumnType.Int64 => Int64(o, path[^1]),
            MirrorColumnType.Boolean => Boolean(o, path[^1]),
            MirrorColumnType.Json => RawJson(o, path[^1]),
            _ => String(o, path[^1]),
        };
    });

    internal static string? String(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => v.GetRawText(),
            }
            : null;

    internal static long? Int64(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)
            ? n
            : null;

    private static bool? Boolean(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null }
            : null;

    private static string? RawJson(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? v.GetRawText()
            : null;

    private static string? PrimaryOf(JsonElement user, string array, string primaryIdProperty, string valueProperty)
    {
        var primaryId = String(user, primaryIdProperty);
        if (primaryId is null || !user.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (string.Equals(String(item, "id"), primaryId, StringComparison.Ordinal))
            {
                return String(item, valueProperty);
            }
        }

        return null;
    }

    private static bool IsPrimary(JsonElement item, JsonElement user, string primaryIdProperty) =>
        String(item, "id") is { } id && string.Equals(String(user, primaryIdProperty), id, StringComparison.Ordinal);

    private static string? PermissionKeys(JsonElement role)
    {
        if (role.ValueKind != JsonValueKind.Object || !role.TryGetProperty("permissions", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    writer.WriteStringValue(item.GetString());
                }
                else if (String(item, "key") is { } key)
                {
                    writer.WriteStringValue(key);
                }
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
