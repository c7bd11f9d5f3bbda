using System.Text;
using System.Text.Json.Nodes;

namespace ClerkSync.TestKit;

/// <summary>A generated event: its svix id, envelope timestamp (ms), type and the envelope JSON.</summary>
/// <param name="WebhookId">The svix id.</param>
/// <param name="Timestamp">The envelope timestamp in unix milliseconds.</param>
/// <param name="Type">The event type.</param>
/// <param name="Body">The envelope JSON, UTF-8.</param>
public sealed record WorkloadEvent(string WebhookId, long Timestamp, string Type, byte[] Body);

/// <summary>
/// A realistic mix of Clerk events for the mirror benchmark and the scale-out test (issue #4): 30% user
/// created/updated (two addresses, a phone), 15% organizations, 25% memberships (stubs for their parents), 20%
/// sessions, 5% invitations, 5% deletes (users, organizations, memberships). Versions are the event time, so stale
/// versions appear only when a caller reorders.
/// </summary>
public static class MirrorWorkload
{
    /// <summary>Generates <paramref name="count"/> events over pools of ids that scale with <paramref name="count"/>.</summary>
    /// <param name="round">Seed and id namespace: rounds never share ids.</param>
    /// <param name="count">How many events.</param>
    public static WorkloadEvent[] Generate(int round, int count)
    {
        var random = new Random(round);
        var users = Math.Max(10, count / 5);
        var orgs = Math.Max(5, count / 20);
        var events = new WorkloadEvent[count];
        var baseTime = 1_700_000_000_000L + (round * 100_000_000L);
        for (var i = 0; i < count; i++)
        {
            var time = baseTime + (i * 3L);
            var user = $"user_{round}_{random.Next(users)}";
            var org = $"org_{round}_{random.Next(orgs)}";
            var pick = random.Next(100);
            var (type, data) = pick switch
            {
                < 30 => (pick < 15 ? "user.created" : "user.updated", User(user, i, baseTime, time)),
                < 45 => ("organization.updated", new JsonObject { ["object"] = "organization", ["id"] = org, ["name"] = "Org " + i, ["slug"] = "o" + i, ["members_count"] = 3, ["created_at"] = baseTime, ["updated_at"] = time }),
                < 70 => ("organizationMembership.created", Membership(org, user, baseTime, time)),
                < 90 => ("session.created", new JsonObject { ["object"] = "session", ["id"] = $"sess_{round}_{random.Next(users)}", ["user_id"] = user, ["client_id"] = "client_1", ["status"] = "active", ["last_active_at"] = time, ["expire_at"] = time + 1000, ["created_at"] = time, ["updated_at"] = time }),
                < 95 => ("organizationInvitation.created", new JsonObject { ["object"] = "organization_invitation", ["id"] = $"orginv_{round}_{i}", ["organization_id"] = org, ["email_address"] = "x@example.com", ["status"] = "pending", ["created_at"] = time, ["updated_at"] = time }),
                < 97 => ("user.deleted", new JsonObject { ["object"] = "user", ["id"] = user, ["deleted"] = true }),
                < 98 => ("organization.deleted", new JsonObject { ["object"] = "organization", ["id"] = org, ["deleted"] = true }),
                _ => ("organizationMembership.deleted", Membership(org, user, baseTime, time)),
            };
            var envelope = new JsonObject { ["data"] = data, ["object"] = "event", ["type"] = type, ["timestamp"] = time, ["instance_id"] = "ins_workload" };
            events[i] = new WorkloadEvent($"msg_{round}_{i:D6}", time, type, Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        }

        return events;
    }

    private static JsonObject User(string user, int i, long createdAt, long time) => new()
    {
        ["object"] = "user",
        ["id"] = user,
        ["first_name"] = "F" + i,
        ["last_name"] = "L",
        ["username"] = "u" + i,
        ["primary_email_address_id"] = "idn_a_" + user,
        ["email_addresses"] = new JsonArray(
            new JsonObject { ["id"] = "idn_a_" + user, ["email_address"] = user + "@a.example", ["verification"] = new JsonObject { ["status"] = "verified" } },
            new JsonObject { ["id"] = "idn_b_" + user, ["email_address"] = user + "@b.example" }),
        ["phone_numbers"] = new JsonArray(new JsonObject { ["id"] = "idn_p_" + user, ["phone_number"] = "+15550100" }),
        ["external_accounts"] = new JsonArray(),
        ["banned"] = false,
        ["locked"] = false,
        ["last_sign_in_at"] = time,
        ["created_at"] = createdAt,
        ["updated_at"] = time,
    };

    private static JsonObject Membership(string org, string user, long createdAt, long time) => new()
    {
        ["object"] = "organization_membership",
        ["id"] = $"orgmem_{org}_{user}",
        ["role"] = "org:member",
        ["permissions"] = new JsonArray("org:a"),
        ["organization"] = new JsonObject { ["id"] = org, ["name"] = "Org", ["updated_at"] = createdAt },
        ["public_user_data"] = new JsonObject { ["user_id"] = user, ["first_name"] = "F" },
        ["created_at"] = createdAt,
        ["updated_at"] = time,
    };
}
